from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from apps.wiki.links import OPEN, resolve_deferred


class WikiLinkMiddleware:
    """Resolves the [[wiki links]] of a whole page in one query, however many texts on it hold links."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        is_html = response.get("Content-Type", "").startswith("text/html")
        if is_html and not response.streaming and OPEN.encode() in response.content:
            charset = response.charset or "utf-8"
            response.content = resolve_deferred(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
