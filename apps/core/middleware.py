"""Requests refused before they reach a view."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    """A NUL character in the address or its query is never meant: answer 400 rather than let it reach the
    database (PostgreSQL refuses NUL in text and the query would fail as a 500)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = [request.path, *(v for values in request.GET.lists() for v in values[1])]
        if any("\x00" in value for value in values):
            return HttpResponseBadRequest(_("The address contains a NUL character."), content_type="text/plain")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Browsers may not give our pages the camera, microphone, location, payment or USB (settings)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
