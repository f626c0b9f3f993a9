from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from apps.core.page_cache import remember
from apps.exchange.popolo_export import popolo_json


@require_safe
def popolo(request: HttpRequest) -> HttpResponse:
    """/export/popolo.json: the whole wiki as one Popolo document, with links to the records' pages here."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    # The same document for every reader until the next write: kept per generation for those the page cache
    # does not serve (a signed-in editor, or every reader when it is off).
    document = remember("popolo-export", base_url, compute=lambda: popolo_json(base_url=base_url))
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="csto-wiki-popolo.json"'
    return response
