"""The page in the other language: the switcher and the hreflang alternates of base.html."""

from django import template

from apps.core.languages import alternates
from apps.core.travel import PARAM, requested_as_of

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[dict]:
    """Each language's version of the current page with its query, absolute `url` included; none for a page
    rendered without a request (the 500 page) or served in one language only (the API's). The reader's date
    is written as parsed, never as typed, and left out when it does not parse (apps/core/travel.py)."""
    request = context.get("request")
    if request is None:
        return []
    query = request.GET.copy()
    if PARAM in query:
        as_of = requested_as_of(request)
        if as_of is None:
            del query[PARAM]
        else:
            query[PARAM] = as_of.text
    encoded = query.urlencode()
    versions = alternates(request.path + ("?" + encoded if encoded else ""))
    for version in versions:
        version["url"] = request.build_absolute_uri(version["path"])
    return versions
