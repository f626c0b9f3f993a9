from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from apps.bodies.models import Body


def home(request: HttpRequest) -> HttpResponse:
    organization = Body.objects.get_root_nodes().first()
    top_of_tree = Body.objects.get_tree(max_depth=2).tree_rows()
    return render(request, "core/home.html", {"organization": organization, "top_of_tree": top_of_tree})


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unreachable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
