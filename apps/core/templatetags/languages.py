"""The page in the other language: the switcher and the hreflang alternates of base.html."""

from django import template

from apps.core.languages import alternates

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[dict]:
    """Each language's version of the current page (query kept), absolute `url` included; none for a page
    rendered without a request (the 500 page) or served in one language only (the API's)."""
    request = context.get("request")
    if request is None:
        return []
    versions = alternates(request.get_full_path())
    for version in versions:
        version["url"] = request.build_absolute_uri(version["path"])
    return versions
