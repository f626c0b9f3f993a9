"""Template tags of the wiki: Markdown with [[links]], record addresses and who may do what."""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.db.models import Model
from django.urls import reverse
from django.utils.safestring import mark_safe
from reversion.models import Version

from apps.core.citations import CITE, PageSources
from apps.core.markdown import sub_in_text
from apps.core.page_cache import remember
from apps.wiki import addresses
from apps.wiki.links import PageLinks, render_wiki_text
from apps.wiki.registry import KINDS
from apps.wiki.watching import is_watching

register = template.Library()


@register.simple_tag(takes_context=True)
def markdown(context, text: str):
    """Editor-written Markdown, sanitized, with [[wiki links]] resolved through the page's PageLinks and
    [^source] citations as footnotes numbered for the page (dropped on a page without a Sources list)."""
    links = context.get("links")
    html = render_wiki_text(text, links=links if isinstance(links, PageLinks) else None)
    sources = context.get("sources")
    if isinstance(sources, PageSources):
        return mark_safe(sources.link_citations(html))  # noqa: S308 - sanitized; footnotes by format_html
    return mark_safe(sub_in_text(CITE, "", html))  # noqa: S308 - sanitized above; markers removed


@register.simple_tag
def record_url(obj: Model, action: str = "") -> str:
    return addresses.record_url(obj, action)


@register.simple_tag(takes_context=True)
def can(context, action: str, obj_or_kind) -> bool:
    """Whether the signed-in user may `action` ("change", "add", "delete") this kind of record."""
    model = obj_or_kind if isinstance(obj_or_kind, type) else type(obj_or_kind)
    return _may(context, action, getattr(obj_or_kind, "model", model))


@register.simple_tag(takes_context=True)
def watching(context, obj: Model) -> bool:
    """Whether the signed-in user watches this record: one query for them, none for visitors."""
    user = context.get("user")
    return bool(user) and is_watching(user=user, obj=obj)


@register.simple_tag
def version_url(obj: Model, version, action: str = "version") -> str:
    """The address of one revision of a record ("version"), or of restoring it ("restore")."""
    return addresses.version_url(obj, version.pk, action)


def _may(context, action: str, model: type[Model]) -> bool:
    user = context.get("user")
    opts = model._meta
    return bool(user and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"))


@register.simple_tag(takes_context=True)
def add_url(context, kind_key: str, **initial) -> str:
    """The address of the form for a new record of a kind, pre-filled (`initial`, records by their id) and
    returning to this page; "" for users who may not add one."""
    kind = KINDS[kind_key]
    if not _may(context, "add", kind.model):
        return ""
    query = {name: getattr(value, "pk", value) for name, value in initial.items() if value not in (None, "")}
    if request := context.get("request"):
        query["next"] = request.get_full_path()
    return reverse(f"wiki:{kind_key}-new") + "?" + urlencode(query)


@register.simple_tag(takes_context=True)
def action_url(context, obj: Model, action: str, **query) -> str:
    """The address of one of a record's actions (edit, delete, cite, alias-new) returning to this page;
    "" for users who may not take it."""
    permission = {"delete": "delete", "cite": "add", "alias-new": "add"}.get(action, "change")
    model = {"cite": "citation", "alias-new": "alias"}.get(action)
    if not _may(context, permission, KINDS[model].model if model else type(obj)):
        return ""
    if request := context.get("request"):
        query["next"] = request.get_full_path()
    return addresses.record_url(obj, action) + "?" + urlencode(query)


@register.simple_tag
def latest_revision(obj: Model) -> "LastEdit | None":
    """When the record was last edited and by whom (one query; none while the page cache's generation holds).
    Only the time and the user name are kept: a cached User would carry its password hash into the cache."""
    return remember("latest-revision", obj._meta.label, obj.pk, compute=lambda: _last_edit(obj))


@dataclass(frozen=True)
class LastEdit:
    date_created: dt.datetime
    user: str | None  # None: the data loader, or a user since deleted

    @property
    def revision(self) -> "LastEdit":  # templates read last.revision.date_created, as of a Version
        return self


def _last_edit(obj: Model) -> LastEdit | None:
    version = Version.objects.get_for_object(obj).select_related("revision__user").first()
    if version is None:
        return None
    user = version.revision.user
    return LastEdit(date_created=version.revision.date_created, user=str(user) if user else None)
