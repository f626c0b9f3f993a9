from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.bodies.models import Body


def home(request: HttpRequest) -> HttpResponse:
    organization = Body.objects.get_root_nodes().first()
    top_of_tree = Body.objects.get_tree(max_depth=2).tree_rows()
    return render(request, "site/home.html", {"organization": organization, "top_of_tree": top_of_tree})
