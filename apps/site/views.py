from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.wiki.changes import change_lines, link_lines

LATEST = 5


def home(request: HttpRequest) -> HttpResponse:
    """What the CSTO is, its whole structure (the tree is small), the latest meetings, recent changes, search."""
    organization = Body.objects.get_root_nodes().first()
    changes = list(change_lines()[:LATEST])
    link_lines(changes)
    return render(
        request,
        "site/home.html",
        {
            "organization": organization,
            "tree": Body.objects.get_tree().tree_rows(),
            "latest_meetings": list(Meeting.objects.select_related("body").newest_first()[:LATEST]),
            "changes": changes,
        },
    )
