"""Serve anonymous readers from the page cache (apps/core/page_cache.py), and tell browsers how to revalidate.

Placed right inside SecurityMiddleware (HTTPS redirect, HSTS) and RejectNulMiddleware, outside everything
that makes or changes a page's bytes (sessions' Vary, CSRF, the date-travel links, CSP and the other
headers), so what it stores is what the reader gets. Who is served from and stored in the cache: a GET or
HEAD with no session cookie, no messages cookie and no Authorization header, outside the admin, sign-in, the
API (throttled per client) and files. A signed-in editor always carries the session cookie, so an editor never
gets a stored page and never stores one (a stale cookie only costs an uncached page). What is stored: GET
responses with status 200 (or 404, briefly), no Set-Cookie (so no CSRF token and no message), no
Cache-Control that forbids it (never_cache) and no Vary other than Cookie and Accept-Language.

Browsers get `Cache-Control: public, max-age=0, must-revalidate` with an ETag (from the cache key: the
generation, the day, the language, the code and the address; no hashing of the body) and a Last-Modified, so
each visit asks again and is answered 304 until something changes. Every other GET (editors, forms with a
CSRF token) gets `private, no-store` unless the view said otherwise.
"""

import datetime as dt
import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from apps.core import page_cache
from apps.core.languages import path_language, unprefixed

logger = logging.getLogger(__name__)

SKIPPED_PREFIXES = ("/admin/", "/accounts/", "/api/", "/static/", "/media/", "/healthz")
STORED_STATUSES = {200, 404}
NOT_FOUND_TTL = 60  # scanners' made-up addresses should not fill the cache for long
ALLOWED_VARY = {"cookie", "accept-language"}
FORBIDDING = {"private", "no-store", "no-cache"}
ANONYMOUS_CONTROL = "public, max-age=0, must-revalidate"
HEADER = "X-Page-Cache"  # hit, miss (rendered and stored), pass (rendered, not stored): for tests and benchmarks


def _language(request: HttpRequest) -> str:
    """The page's language, as LocaleMiddleware (inside this one) will choose it: from the address's prefix
    only (/ru/…), every other address being in the default language whatever Accept-Language or a cookie
    says (csto_wiki/urls.py: i18n_patterns without a prefix for the default). The address is in the key
    anyway; the language is there too so that a change of that rule can never serve one language's page
    for the other."""
    return path_language(request.path_info)


def _parts() -> bool:
    return settings.PAGE_FRAGMENT_CACHE


def is_anonymous_read(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        and not unprefixed(request.path).startswith(SKIPPED_PREFIXES)
    )


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code not in STORED_STATUSES or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    control = {part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
    if control & FORBIDDING:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if vary - ALLOWED_VARY:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if not settings.PAGE_CACHE or not is_anonymous_read(request):
            parts = _parts() and not unprefixed(request.path).startswith(SKIPPED_PREFIXES)
            return self._private(request, self._render(request, page_cache.generation() if parts else None))
        request.get_host()  # refuse a Host not allowed before answering from the cache (CommonMiddleware would)
        current = page_cache.generation()
        if current is None:
            return self._private(request, self.get_response(request))
        number, changed = current
        today = dt.date.today()
        url = request.build_absolute_uri()
        material = "|".join((page_cache.code_version(), str(number), today.isoformat(), _language(request), url))
        digest = hashlib.sha256(material.encode()).hexdigest()
        key = f"page:{digest}"
        entry = self._get(key)
        if entry is not None:
            status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
        else:
            response = self._render(request, current if _parts() else None)
            if not storable(request, response):
                response[HEADER] = "pass"
                return self._private(request, response)
            if request.method == "GET":  # a view may answer HEAD without a body: only GETs are stored
                headers = [(name, value) for name, value in response.items() if name != HEADER]
                ttl = settings.PAGE_CACHE_TTL if response.status_code == 200 else NOT_FOUND_TTL
                self._set(key, (response.status_code, headers, response.content), min(ttl, settings.PAGE_CACHE_TTL))
            response[HEADER] = "miss"
        if response.status_code != 200:
            response["Cache-Control"] = ANONYMOUS_CONTROL
            return response
        return self._conditional(request, response, etag=f'"{digest[:32]}"', changed=changed, today=today)

    def _render(self, request: HttpRequest, current: tuple | None) -> HttpResponse:
        """The page from the view, with the generation set for the parts it may take from the cache."""
        token = page_cache.request_generation.set(current[0] if current else None)
        try:
            return self.get_response(request)
        finally:
            page_cache.request_generation.reset(token)

    # A cache server that is down or slow (Redis) costs a rendered page, never an error page.
    def _get(self, key: str):
        try:
            return caches[settings.PAGE_CACHE_ALIAS].get(key)
        except Exception:
            logger.warning("page cache: read failed", exc_info=True)
            return None

    def _set(self, key: str, entry: tuple, ttl: int) -> None:
        try:
            caches[settings.PAGE_CACHE_ALIAS].set(key, entry, ttl)
        except Exception:
            logger.warning("page cache: write failed", exc_info=True)

    def _conditional(self, request, response, *, etag: str, changed: dt.datetime, today: dt.date) -> HttpResponse:
        # Last-Modified: the last write anywhere, today's start (pages show today's members) or this process's
        # start (a deployment), whichever is latest: a page cannot have changed before it.
        midnight = timezone.make_aware(dt.datetime.combine(today, dt.time()), timezone.get_current_timezone())
        last_modified = max(changed, midnight, page_cache.STARTED).replace(microsecond=0)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Cache-Control"] = ANONYMOUS_CONTROL
        return get_conditional_response(request, etag=etag, last_modified=last_modified.timestamp(), response=response)

    @staticmethod
    def _private(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """A page for one reader (an editor's, a form with its CSRF token): browsers keep it to themselves and
        ask again, even on Back, so that nobody is shown an edit late. Views that chose their own policy
        keep it."""
        if request.method in ("GET", "HEAD") and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
