"""Requests refused before they reach a view."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


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
