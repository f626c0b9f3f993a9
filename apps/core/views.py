import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

RETRY_AFTER_SECONDS = 30


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unreachable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# Fields a form carries that are no use to show back: tokens, and secrets never to be printed.
_NOT_SHOWN = ("csrfmiddlewaretoken", "password")


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that cannot be reached is a 503 that says so (and shows back what a POST held,
    since it was not saved); anything else is the site's 500 page. Renders without the database."""
    error = sys.exc_info()[1]
    if not isinstance(error, DatabaseError):
        return HttpResponseServerError(render_to_string("500.html"))
    posted = []
    if request.method == "POST":
        for name, values in request.POST.lists():
            if not any(word in name for word in _NOT_SHOWN):
                posted.extend((name, value) for value in values if value)
    html = render_to_string("503.html", {"posted": posted, "request_path": request.get_full_path()})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
