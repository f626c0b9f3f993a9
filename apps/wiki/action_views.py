"""Actions taken from a record's own page: citing it (or one of its fields), naming it otherwise, reordering it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from apps.core.models import Source
from apps.wiki import services
from apps.wiki.addresses import record_url
from apps.wiki.forms import AliasForm, EditMetaForm, SourceChoice, errors_from
from apps.wiki.mixins import EditorMixin, next_url, offered_sources

META = "wiki"


def _back(request, record, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(next_url(request) or record_url(record) + anchor)


class CiteView(EditorMixin, View):
    """Cite a source for a record or one of its fields: pick one (searchable) or describe a new one."""

    template_name = "wiki/citation_form.html"

    def get_permission_required(self):
        return ["core.add_citation"]

    def get(self, request, *args, **kwargs):
        record = self.get_record()
        initial = {"field": request.GET.get("field", "")}
        citing = SourceChoice(kind=self.kind, sources=offered_sources(request, record), required=True, initial=initial)
        meta = EditMetaForm(prefix=META, initial={"summary": _("Cited a source")})
        return self._render(record, citing, meta)

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        citing = SourceChoice(request.POST, kind=self.kind, sources=Source.objects.all(), required=True)
        meta = EditMetaForm(request.POST, prefix=META)
        if citing.is_valid(user=request.user) & meta.is_valid():
            first = {"source_id": citing.new_source} if citing.new_source is not None else {}
            try:
                services.attached_create(
                    obj=record,
                    attached=citing.citation,
                    user=request.user,
                    summary=meta.cleaned_data["summary"],
                    first=first,
                )
            except ValidationError as error:
                citing.add_errors(error)
            else:
                messages.success(request, _("Source cited. Thank you."))
                return _back(request, record, "#sources-heading")
        citing.cite.fields["source"].queryset = offered_sources(request, record)
        return self._render(record, citing, meta, status=400)

    def _render(self, record, citing, meta, status=200):
        context = {
            "kind": self.kind,
            "record": record,
            "citing": citing,
            "meta": meta,
            "query": self.request.GET.get("q", ""),
            "next": next_url(self.request),
        }
        return render(self.request, self.template_name, context, status=status)


class AliasCreateView(EditorMixin, View):
    """Add another name a record is known by (found by search and by [[links]])."""

    template_name = "wiki/alias_form.html"

    def get_permission_required(self):
        return ["wiki.add_alias"]

    def get(self, request, *args, **kwargs):
        meta = EditMetaForm(prefix=META, initial={"summary": _("Added another name")})
        return self._render(self.get_record(), AliasForm(), meta)

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        form = AliasForm(request.POST)
        meta = EditMetaForm(request.POST, prefix=META)
        if form.is_valid() and meta.is_valid():
            try:
                services.attached_create(
                    obj=record, attached=form.instance, user=request.user, summary=meta.cleaned_data["summary"]
                )
            except ValidationError as error:
                errors_from(error, form)
            else:
                messages.success(request, _("Name added. Thank you."))
                return _back(request, record)
        return self._render(record, form, meta, status=400)

    def _render(self, record, form, meta, status=200):
        context = {"kind": self.kind, "record": record, "form": form, "meta": meta, "next": next_url(self.request)}
        return render(self.request, self.template_name, context, status=status)


class MoveView(EditorMixin, View):
    """Move an agenda item, a participant, ... one place up or down (POST only)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        services.record_move(obj=record, up=request.POST.get("direction") != "down", user=request.user)
        messages.success(request, _("Moved."))
        return _back(request, record)
