"""Actions taken from a record's own page: citing it (or one of its fields), naming it otherwise, reordering it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from apps.core.citations import citable_sources
from apps.core.models import Citation, Source
from apps.wiki import services
from apps.wiki.addresses import record_url
from apps.wiki.forms import AliasForm, CiteForm, EditMetaForm, NewSourceForm
from apps.wiki.mixins import EditorMixin, next_url

META = "wiki"
SOURCE_CHOICES = 200  # the list of existing sources offered at once; a search narrows it


def _back(request, record, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(next_url(request) or record_url(record) + anchor)


def _apply_errors(error, form) -> None:
    for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
        form.add_error(field if field in form.fields else None, errors)


class CiteView(EditorMixin, View):
    """Cite a source for a record or one of its fields: pick one (searchable) or describe a new one."""

    template_name = "wiki/citation_form.html"

    def get_permission_required(self):
        return ["core.add_citation"]

    def get(self, request, *args, **kwargs):
        record = self.get_record()
        form = CiteForm(kind=self.kind, sources=self._sources(record), initial={"field": request.GET.get("field", "")})
        meta = EditMetaForm(prefix=META, initial={"summary": _("Cited a source")})
        return self._render(record, form, NewSourceForm(prefix="new"), meta)

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        form = CiteForm(request.POST, kind=self.kind, sources=Source.objects.all())
        new = NewSourceForm(request.POST, prefix="new")
        meta = EditMetaForm(request.POST, prefix=META)
        valid = all([form.is_valid(), new.is_valid(), meta.is_valid()])
        if valid and form.cleaned_data["source"] and new.described:
            form.add_error("source", _("Choose an existing source or describe a new one, not both."))
        elif valid and not form.cleaned_data["source"] and not new.cleaned_data.get("title"):
            new.add_error("title", _("Choose an existing source above, or give the new source's title."))
        elif valid and not form.cleaned_data["source"] and not request.user.has_perm("core.add_source"):
            new.add_error(None, _("You may cite existing sources but not add new ones."))
        elif valid:
            citation = Citation(**{name: form.cleaned_data[name] for name in ("source", "field", "locator", "quote")})
            first = {} if citation.source_id else {"source_id": new.instance}
            try:
                services.attached_create(
                    obj=record, attached=citation, user=request.user, summary=meta.cleaned_data["summary"], first=first
                )
            except ValidationError as error:
                _apply_errors(error, form)
            else:
                messages.success(request, _("Source cited. Thank you."))
                return _back(request, record, "#sources-heading")
        form.fields["source"].queryset = self._sources(record)
        return self._render(record, form, new, meta, status=400)

    def _sources(self, record):
        """The sources offered: those matching the search, else the record's own and the newest."""
        query = self.request.GET.get("q", "").strip()
        if not query:
            offered = citable_sources(record, recent=SOURCE_CHOICES)
            return Source.objects.filter(pk__in=[source.pk for source in offered])
        match = Q(title__icontains=query) | Q(publisher__icontains=query) | Q(url__icontains=query)
        return Source.objects.filter(pk__in=Source.objects.filter(match).values("pk")[:SOURCE_CHOICES])

    def _render(self, record, form, new, meta, status=200):
        context = {
            "kind": self.kind,
            "record": record,
            "form": form,
            "new": new,
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
                _apply_errors(error, form)
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
