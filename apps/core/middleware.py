"""Requests refused before they reach a view."""

import html
import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from apps.core.travel import requested_as_of


class RejectNulMiddleware:
    """A NUL character in the address or its query is never meant: answer 400 rather than let it reach the
    database (PostgreSQL refuses NUL in text and the query would fail as a 500). Pages whose form checks
    its own query (search) answer it there, next to the box it was typed in."""

    FORMS_CHECK_QUERY = {"search:search"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return _nul_refused()
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if request.resolver_match and request.resolver_match.view_name in self.FORMS_CHECK_QUERY:
            return None
        if any("\x00" in value for _name, values in request.GET.lists() for value in values):
            return _nul_refused()
        return None


def _nul_refused() -> HttpResponse:
    return HttpResponseBadRequest(_("The address contains a NUL character."), content_type="text/plain")


class PermissionsPolicyMiddleware:
    """Browsers may not give our pages the camera, microphone, location, payment or USB (settings)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def client_ip(request: HttpRequest) -> str:
    """The client's address for sign-in limits: behind our proxy (DJANGO_BEHIND_PROXY) the last address
    it added to X-Forwarded-For, since earlier ones are the client's to invent; else the connection's."""
    if getattr(settings, "CLIENT_IP_FROM_FORWARDED_FOR", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


# An <a> start tag (quoted attribute values may hold ">"), and its double-quoted href to a path on this site.
_A_TAG = re.compile(r"""<a\s(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_SITE_HREF = re.compile(r'(\shref=")(/(?!/)[^"]*)(")', re.IGNORECASE)
# Addresses that never carry the reader's date: the admin, signing in and out, files, and every address that
# writes or asks for a write (edit, delete, restore, watch, cite, other names, move, new records), feeds.
_UNDATED = re.compile(
    r"^(?:/ru)?/(?:admin|accounts|static|media|wiki|api|export)(?:/|$)"
    r"|/(?:edit|delete|restore|watch|unwatch|cite|move|new|feed)/"
)


def carries_as_of(path: str) -> bool:
    """Whether a link to `path` (no query) keeps the reader's date."""
    return not _UNDATED.search(path)


def dated_href(href: str, as_of: str) -> str:
    """`href` (as written in HTML, `&amp;` escaped) with `as_of` added to its query, its #fragment kept.
    Unchanged if it already names an as_of (e.g. "back to today") or goes where the date is not kept."""
    address, hash_mark, fragment = href.partition("#")
    path, _mark, query = address.partition("?")
    if not carries_as_of(path):
        return href
    names = {pair.partition("=")[0] for pair in html.unescape(query).split("&")} if query else set()
    if "as_of" in names:
        return href
    query = f"{query}&amp;as_of={as_of}" if query else f"as_of={as_of}"
    return f"{path}?{query}{hash_mark}{fragment}"


def date_links(content: str, as_of: str) -> str:
    """Every link to this site in `content` carries `as_of` (see dated_href), except those marked
    `data-undated` (the way back to today)."""

    def tag(match: re.Match) -> str:
        text = match.group(0)
        if "data-undated" in text:
            return text
        return _SITE_HREF.sub(lambda href: href.group(1) + dated_href(href.group(2), as_of) + href.group(3), text)

    return _A_TAG.sub(tag, content)


class AsOfLinksMiddleware:
    """Once a reader picks a date, the links of every page keep it.

    Only for GET requests whose `as_of` parses (core.travel.requested_as_of): other requests pass untouched,
    at the cost of one dictionary look-up. In an HTML page, the `href` of each `<a>` to a path on this site
    (not the admin, sign-in, files or any writing address) gets `as_of=<the parsed date, rebuilt from its
    numbers>` added to its query; a redirect to such a path keeps it too. What the user typed is never
    written: only digits and hyphens from the parsed date are.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "as_of" not in request.GET or request.method not in ("GET", "HEAD"):
            return response
        as_of = requested_as_of(request)
        if as_of is None or getattr(response, "streaming", False):
            return response
        if response.status_code in (301, 302, 303, 307, 308) and response.get("Location", "").startswith("/"):
            response["Location"] = html.unescape(dated_href(html.escape(response["Location"]), as_of.text))
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        charset = response.charset or "utf-8"
        response.content = date_links(response.content.decode(charset), as_of.text).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
