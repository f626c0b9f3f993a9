"""Parts of record pages kept rendered per page-cache generation: MediaWiki's parser cache, for Django templates.

The whole-page cache (page_cache_middleware) serves anonymous readers only. Everyone else (editors, and every
reader when it is off) gets a page rendered by its view, whose costly part is the record's own content: a
dozen queries, their compilation and a long template. That content is the same for every reader who may do
the same things, so a record page wraps it in `{% page_part "name" %}…{% end_page_part %}`, and the view
computes what only the part shows in `get_part_data()` (core.mixins.PagePartsMixin puts it in the context as
`part_data`), which the tag calls on a miss only.

A part is kept under the generation (a write makes it unreachable at once, as for pages), the code, the
language, the day, the address with its query (`?as_of=`, and the `next` of the edit links inside), and the
reader's class: anonymous, or signed in with a given set of permissions (the Edit and Add links depend on
nothing else). What differs between two users of one class stays outside the part: their name, the Watch
button. A part that read the CSRF token (a form that posts) is never kept, since the token is the user's own;
nor one rendered inside a transaction that has written and not committed (its data may never be committed).
"""

import datetime as dt
import hashlib

from django import template
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from apps.core.page_cache import MISSING, keep_part, part_key, read_part, request_generation, uncommitted_writes

CSRF_FIELD = 'name="csrfmiddlewaretoken"'  # a second guard, for a token that reached the page some other way
_CLASS = "_page_part_reader_class"


def reader_class(request: HttpRequest) -> str:
    """What, beside the address, may change a record page's content from one reader to another: only what they
    may do. Anonymous readers share one class; a signed-in user shares theirs with every user holding the same
    permissions (superusers, all of them)."""
    found = getattr(request, _CLASS, None)
    if found is None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            found = "anonymous"
        elif not user.is_active:
            found = "inactive"  # has_perm refuses them everything
        elif user.is_superuser:
            found = "superuser"
        else:
            # The same two queries the page's Edit and Add links make (ModelBackend keeps them on the user).
            permissions = ",".join(sorted(user.get_all_permissions()))
            found = "permissions:" + hashlib.sha256(permissions.encode()).hexdigest()[:24]
        setattr(request, _CLASS, found)
    return found


class PagePartNode(template.Node):
    """{% page_part "name" %}…{% end_page_part %}: its content from the cache, or rendered and kept."""

    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        key = None
        if request is not None and request_generation.get() is not None:
            key = part_key(
                "page-part",
                self.name,
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                dt.date.today().isoformat(),  # pages show who sits where today
                reader_class(request),
            )
        if key is not None:
            found = read_part(key)
            if found is not MISSING:
                return found
        data = context.get("part_data")
        token_read = []
        token = context.get("csrf_token")
        with context.push(**(data() if callable(data) else {}), csrf_token=_noticed(token, token_read)):
            output = self.nodelist.render(context)
        if key is not None and not token_read and CSRF_FIELD not in output and not uncommitted_writes():
            keep_part(key, output)
        return output


def _noticed(token, reads: list) -> SimpleLazyObject:
    """The CSRF token as the context processor gives it (lazily), noting in `reads` when a template uses it."""

    def read():
        reads.append(True)
        return token

    return SimpleLazyObject(read)


def page_part(parser, token) -> PagePartNode:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% page_part "name" %} takes one quoted name')
    nodelist = parser.parse(("end_page_part",))
    parser.delete_first_token()
    return PagePartNode(bits[1][1:-1], nodelist)
