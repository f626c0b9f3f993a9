"""What the wiki's views share: the kind and record an address names, who may act, where to go after saving."""

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from apps.core.citations import citable_sources
from apps.core.models import Source
from apps.wiki.addresses import record_url
from apps.wiki.models import SlugRedirect
from apps.wiki.registry import KINDS, Kind


class SlugRedirectMixin:
    """A renamed record's old address answers with a permanent redirect to its current page."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            model = self.get_queryset().model
            moved = SlugRedirect.objects.filter(
                content_type=ContentType.objects.get_for_model(model), old_slug=kwargs.get("slug", "")
            ).first()
            target = moved and model.objects.filter(pk=moved.object_id).first()
            if target is None:
                raise
            query = f"?{request.GET.urlencode()}" if request.GET else ""
            return HttpResponsePermanentRedirect(target.get_absolute_url() + query)


class KindMixin:
    """Resolves the kind of record from the URL configuration and the record from its slug or id."""

    kind_key: str = ""
    action = "change"

    @property
    def kind(self) -> Kind:
        return KINDS[self.kind_key]

    def get_permission_required(self):
        opts = self.kind.model._meta
        return [f"{opts.app_label}.{self.action}_{opts.model_name}"]

    def get_record(self) -> Model:
        lookup = {"slug": self.kwargs["slug"]} if "slug" in self.kwargs else {"pk": self.kwargs["pk"]}
        return get_object_or_404(self.kind.model, **lookup)


class EditorMixin(KindMixin, LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous users are sent to sign in; signed-in users without the right get 403."""


def next_url(request) -> str:
    """Where the editor came from (`next`), if it is an address on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    hosts = {request.get_host()}
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=hosts, require_https=request.is_secure()):
        return url
    return ""


def redirect_after_saving(request, kind: Kind, record: Model) -> HttpResponseRedirect:
    """A record with a page of its own is shown there; a post, a participation, ... back on the page the
    editor came from, else on the page that shows it."""
    if not kind.has_page and (back := next_url(request)):
        return HttpResponseRedirect(back)
    return HttpResponseRedirect(record_url(record))


SOURCE_CHOICES = 200  # existing sources offered at once in a citing form; a search narrows them


def offered_sources(request, record: Model | None) -> QuerySet:
    """The sources a citing form offers: those matching its search (`?q=`), else the record's own and the
    newest."""
    query = request.GET.get("q", "").strip()
    if not query:
        offered = citable_sources(record, recent=SOURCE_CHOICES)
        return Source.objects.filter(pk__in=[source.pk for source in offered])
    match = Q(title__icontains=query) | Q(publisher__icontains=query) | Q(url__icontains=query)
    return Source.objects.filter(pk__in=Source.objects.filter(match).values("pk")[:SOURCE_CHOICES])
