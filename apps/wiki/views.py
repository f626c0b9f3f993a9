"""Editing, history, comparison and restore for every kind of record, and how to cite one of its revisions;
deleted records (recent changes are in changes.py, the watchlist in watch_views.py, actions from a record's
page in action_views.py)."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Model, ProtectedError
from django.db.models.functions import Length
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from reversion.models import Version

from apps.core.citations import citable_sources, citation_marker
from apps.core.models import Citation, Source
from apps.wiki import citing, services
from apps.wiki.addresses import record_url
from apps.wiki.diff import compare_versions
from apps.wiki.forms import (
    EditMetaForm,
    SourceChoice,
    errors_from,
    initial_from,
    new_records_of,
    record_form_class,
    values_from,
)
from apps.wiki.links import text_context
from apps.wiki.mixins import EditorMixin, KindMixin, next_url, offered_sources, redirect_after_saving
from apps.wiki.registry import KINDS, Kind, kind_of

META = "wiki"  # prefix of the edit summary fields, apart from the record's own (bodies have a "summary")


def _preview(kind: Kind, form, record: Model | None) -> dict:
    """The Markdown texts as the page will show them, with links resolved and sources numbered; nothing saved."""
    shown = [name for name in kind.text_fields if name in form.fields]
    texts = [(form[name].label, form.data.get(form.add_prefix(name), "")) for name in shown]
    citations = Citation.objects.for_object(record) if record is not None else ()
    return {"preview": texts, **text_context(citations=citations, texts=[text for _label, text in texts])}


def _citable(kind: Kind, record: Model | None) -> list:
    """The citation picker of a form with Markdown text: each source with the marker that cites it."""
    if not kind.text_fields:
        return []
    return [(source, citation_marker(source)) for source in citable_sources(record)]


class RecordEditView(EditorMixin, View):
    template_name = "wiki/record_form.html"

    def get(self, request, *args, **kwargs):
        record = self.get_record()
        baseline = services.ensure_baseline(record)
        form = record_form_class(self.kind)(instance=record)
        meta = EditMetaForm(initial={"base_version": baseline.pk}, prefix=META)
        return self._render(record, form, meta)

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        form = record_form_class(self.kind)(request.POST, instance=record)
        meta = EditMetaForm(request.POST, prefix=META)
        if "preview" in request.POST:
            form.is_valid()  # shows what is wrong before saving, too
            return self._render(self.get_record(), form, meta, **_preview(self.kind, form, record))
        if form.is_valid() and meta.is_valid():
            try:
                saved = services.record_save(
                    obj=record,  # re-read and locked there
                    values=values_from(form),
                    user=request.user,
                    summary=meta.cleaned_data["summary"],
                    base_version_id=meta.cleaned_data["base_version"],
                )
            except services.EditConflict as conflict:
                # Their saved values against this editor's, by the fields' labels, as the compare page shows them.
                rows = compare_versions(self.kind.model, conflict.theirs, values_from(form), only=conflict.fields)
                # Offer the merge: both sides' other changes, this editor's text in the clashing fields,
                # to be settled against the newest revision.
                merged = record_form_class(self.kind)(instance=record, initial=initial_from(form, conflict.merged))
                fresh = EditMetaForm(
                    initial={"base_version": conflict.latest.pk, "summary": meta.cleaned_data["summary"]},
                    prefix=META,
                )
                return self._render(record, merged, fresh, conflict=conflict, conflict_rows=rows, status=409)
            except ValidationError as error:
                errors_from(error, form)
            else:
                messages.success(request, _("Saved. Thank you."))
                return redirect_after_saving(request, self.kind, saved)
        # The form has written what was typed into its instance; the page's links use the record as stored.
        return self._render(self.get_record(), form, meta, status=400)

    def _render(self, record, form, meta, status=200, **extra):
        context = {"kind": self.kind, "record": record, "form": form, "meta": meta, "creating": False, **extra}
        context["next"] = next_url(self.request)
        context["citable"] = _citable(self.kind, record)
        return render(self.request, self.template_name, context, status=status)


class RecordCreateView(EditorMixin, View):
    template_name = "wiki/record_form.html"
    action = "add"

    def get(self, request, *args, **kwargs):
        form_class = record_form_class(self.kind)
        # Pre-filled from the page the editor came from: /wiki/post/new/?body=4 adds a post to body 4.
        initial = {name: value[:200] for name, value in request.GET.items() if name in form_class.base_fields}
        initial.setdefault(self.kind.name_field, request.GET.get("name", "")[:200])
        meta = EditMetaForm(prefix=META, initial={"summary": _("New %(kind)s") % {"kind": self.kind.label}})
        return self._render(form_class(initial=initial), meta, self._citing())

    def post(self, request, *args, **kwargs):
        form = record_form_class(self.kind)(request.POST)
        meta = EditMetaForm(request.POST, prefix=META)
        citing = self._citing(request.POST)
        if "preview" in request.POST:
            form.is_valid()
            return self._render(form, meta, citing, **_preview(self.kind, form, None))
        if form.is_valid() & meta.is_valid() & citing.is_valid(user=request.user):
            try:
                record = services.record_create(
                    kind_key=self.kind.key,
                    values=values_from(form),
                    user=request.user,
                    summary=meta.cleaned_data["summary"],
                    first=new_records_of(form),
                    citation=citing.citation,
                    new_source=citing.new_source,
                )
            except ValidationError as error:
                errors_from(error, form)
            else:
                messages.success(request, _("Created. Thank you."))
                return redirect_after_saving(request, self.kind, record)
        return self._render(form, meta, citing, status=400)

    def _citing(self, data=None) -> SourceChoice:
        """The optional citation of the new record: the source of what the editor is entering."""
        sources = Source.objects.all() if data is not None else offered_sources(self.request, None)
        return SourceChoice(data, kind=self.kind, sources=sources, required=False)

    def _render(self, form, meta, citing, status=200, **extra):
        context = {"kind": self.kind, "record": None, "form": form, "meta": meta, "creating": True, **extra}
        context["citing"] = citing
        context["citable"] = _citable(self.kind, None)
        context["next"] = next_url(self.request)
        return render(self.request, self.template_name, context, status=status)


class RecordDeleteView(EditorMixin, View):
    template_name = "wiki/record_confirm_delete.html"
    action = "delete"

    def get(self, request, *args, **kwargs):
        return self._render(self.get_record(), EditMetaForm(prefix=META))

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        meta = EditMetaForm(request.POST, prefix=META)
        if not meta.is_valid():
            return self._render(record, meta, status=400)
        # A citation, a post, ... leaves its page standing: the editor goes back to it.
        back = "" if self.kind.has_page else next_url(request) or record_url(record)
        try:
            services.record_delete(obj=record, user=request.user, summary=meta.cleaned_data["summary"])
        except ValidationError as error:
            meta.add_error(None, error)
            return self._render(record, meta, status=400)
        except ProtectedError:
            meta.add_error(None, _("Other records still refer to this one; change or delete them first."))
            return self._render(record, meta, status=400)
        messages.success(request, _("Deleted. It can be restored from the list of deleted records."))
        return HttpResponseRedirect(back or reverse("wiki:deleted") + f"?kind={self.kind.key}")

    def _render(self, record, meta, status=200):
        going = Counter(str(type(o)._meta.verbose_name_plural) for o in services.deletion_plan(record)[1:])
        context = {"kind": self.kind, "record": record, "meta": meta, "going": sorted(going.items())}
        context["next"] = next_url(self.request)
        return render(self.request, self.template_name, context, status=status)


class RecordHistoryView(KindMixin, TemplateView):
    template_name = "wiki/record_history.html"

    def get_context_data(self, **kwargs):
        record = self.get_record()
        versions = list(
            Version.objects.get_for_object(record)
            .select_related("revision__user")
            .annotate(size=Length("serialized_data"))
            .defer("serialized_data")
        )
        # Each revision's size against the one before it; a record written outside the wiki may have none.
        for version, older in zip(versions, [*versions[1:], None][: len(versions)], strict=True):
            version.size_change = version.size - older.size if older else version.size
        page = Paginator(versions, 50).get_page(self.request.GET.get("page"))
        latest = versions[0] if versions else None
        return super().get_context_data(
            kind=self.kind, record=record, page_obj=page, versions=page, latest=latest, **kwargs
        )


def _version_of(record: Model, version_id: int) -> Version:
    return get_object_or_404(Version.objects.get_for_object(record).select_related("revision__user"), pk=version_id)


class VersionView(KindMixin, TemplateView):
    template_name = "wiki/version_detail.html"

    def get_context_data(self, **kwargs):
        record = self.get_record()
        version = _version_of(record, self.kwargs["version_id"])
        rows = compare_versions(self.kind.model, version.field_dict, version.field_dict)
        return super().get_context_data(
            kind=self.kind, record=record, version=version, rows=rows, latest=services.latest_version(record), **kwargs
        )


class CiteThisView(KindMixin, TemplateView):
    """ "Cite this page": a permanent link to the revision a reader sees on a record's page (its newest) and a
    citation of it as plain text, BibTeX and CSL-JSON, each also as a file (`?format=text|bibtex|csl-json`)."""

    template_name = "wiki/cite_this.html"

    def get(self, request, *args, **kwargs):
        self.record = self.get_record()
        self.version = services.latest_version(self.record)
        self.citation = citing.page_citation(self.record, version=self.version, absolute=request.build_absolute_uri)
        chosen = request.GET.get("format")
        if chosen is None:
            return super().get(request, *args, **kwargs)
        if chosen not in citing.FORMATS:
            known = ", ".join(citing.FORMATS)
            message = _("Unknown format; choose one of: %(known)s.") % {"known": known}
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        content_type, extension, write = citing.FORMATS[chosen]
        response = HttpResponse(write(self.citation).rstrip("\n") + "\n", content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.citation.key.replace(":", "-")}.{extension}"'
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kind=self.kind,
            record=self.record,
            version=self.version,
            citation=self.citation,
            text=citing.as_text(self.citation),
            bibtex=citing.as_bibtex(self.citation),
            csl_json=citing.as_csl_json(self.citation),
            **kwargs,
        )


class CompareView(KindMixin, TemplateView):
    template_name = "wiki/version_compare.html"

    def get_context_data(self, **kwargs):
        record = self.get_record()
        try:
            older_id, newer_id = int(self.request.GET["from"]), int(self.request.GET["to"])
        except (KeyError, ValueError):
            raise Http404(_("Choose two revisions to compare.")) from None
        older, newer = _version_of(record, older_id), _version_of(record, newer_id)
        if older.pk > newer.pk:
            older, newer = newer, older
        rows = compare_versions(self.kind.model, older.field_dict, newer.field_dict)
        return super().get_context_data(kind=self.kind, record=record, older=older, newer=newer, rows=rows, **kwargs)


class RestoreView(EditorMixin, View):
    """Restoring an old revision: a page to confirm it, with an edit summary, then the restore itself."""

    def get(self, request, *args, **kwargs):
        record = self.get_record()
        version = _version_of(record, self.kwargs["version_id"])
        latest = services.latest_version(record)
        when = date_format(localtime(version.revision.date_created), _("j F Y, H:i"))
        meta = EditMetaForm(prefix=META, initial={"summary": _("Restored the revision of %(when)s") % {"when": when}})
        rows = compare_versions(self.kind.model, latest.field_dict, version.field_dict) if latest else []
        context = {"kind": self.kind, "record": record, "version": version, "latest": latest, "meta": meta}
        return render(request, "wiki/version_confirm_restore.html", {**context, "rows": rows})

    def post(self, request, *args, **kwargs):
        record = self.get_record()
        version = _version_of(record, self.kwargs["version_id"])
        try:
            seen = int(request.POST.get("seen_version", ""))
        except ValueError:
            seen = None
        meta = EditMetaForm(request.POST, prefix=META)
        summary = meta.cleaned_data["summary"] if meta.is_valid() else None
        try:
            restored = services.version_restore(
                obj=record, version=version, user=request.user, seen_version_id=seen, summary=summary
            )
        except (ValidationError, services.EditConflict) as error:
            messages.error(request, _("That revision could not be restored: %(why)s") % {"why": _reason(error)})
            return HttpResponseRedirect(record_url(record, "history"))
        messages.success(request, _("The old revision is current again, as a new revision."))
        return HttpResponseRedirect(record_url(restored))


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("someone else changed it meanwhile")


class DeletedRecordsView(LoginRequiredMixin, TemplateView):
    """Deleted records of one kind, or of every kind (the default), newest deletion first."""

    template_name = "wiki/deleted.html"
    per_page = 50

    def get_context_data(self, **kwargs):
        kind = KINDS.get(self.request.GET.get("kind", ""))
        page_number = self.request.GET.get("page")
        if kind:
            deleted = Version.objects.get_deleted(kind.model).select_related("revision__user")
            page = Paginator(deleted.defer("serialized_data"), self.per_page).get_page(page_number)
        else:
            page = Paginator(self._every_kind(page_number), self.per_page).get_page(page_number)
        return super().get_context_data(kinds=KINDS.values(), kind=kind, page_obj=page, **kwargs)

    def _every_kind(self, page_number) -> list[Version]:
        # The newest deletions of each kind, enough of them to fill the page asked for: one query per kind.
        try:
            wanted = max(1, int(page_number or 1)) * self.per_page
        except ValueError:
            wanted = self.per_page
        found = []
        for one in KINDS.values():
            deleted = Version.objects.get_deleted(one.model).select_related("revision__user", "content_type")
            found.extend(deleted.defer("serialized_data")[:wanted])
        return sorted(found, key=lambda version: (version.revision.date_created, version.pk), reverse=True)


class DeletedRestoreView(LoginRequiredMixin, View):
    def post(self, request, version_id: int):
        version = get_object_or_404(Version.objects.select_related("content_type"), pk=version_id)
        kind = kind_of(services.version_model(version))
        if kind is None:
            raise Http404
        opts = kind.model._meta
        if not request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            raise PermissionDenied
        if kind.model.objects.filter(pk=version.object_id).exists():
            messages.info(request, _("That record exists already."))
            return HttpResponseRedirect(reverse("wiki:deleted") + f"?kind={kind.key}")
        try:
            record, count = services.deleted_restore(version=version, user=request.user)
        except ValidationError as error:
            messages.error(request, _("It could not be restored: %(why)s") % {"why": _reason(error)})
            return HttpResponseRedirect(reverse("wiki:deleted") + f"?kind={kind.key}")
        except IntegrityError:
            messages.error(request, _("It could not be restored: a record it refers to is gone too."))
            return HttpResponseRedirect(reverse("wiki:deleted") + f"?kind={kind.key}")
        messages.success(request, _("Restored, with %(count)s records in all.") % {"count": count})
        return HttpResponseRedirect(record_url(record))
