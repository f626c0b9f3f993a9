from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from apps.wiki.changes import change_lines, link_lines


class RecentChangesFeed(Feed):
    """The 50 latest saves across the wiki, as Atom: one entry per save, as on the recent changes page."""

    feed_type = Atom1Feed
    title = _("CSTO Wiki: recent changes")
    subtitle = _("Every change to the wiki's records, newest first.")

    def link(self):
        return reverse("wiki:changes")

    def items(self):
        lines = list(change_lines()[:50])
        link_lines(lines)
        return lines

    def item_title(self, item):
        return f"{item.object_repr} ({item.label}): {item.revision.get_comment() or _('no summary')}"

    def item_description(self, item):
        # Atom summaries are type="html": the username (anyone's choice) is escaped like any text.
        who = item.revision.user.get_username() if item.revision.user else _("the system")
        return escape(_("Changed by %(who)s.") % {"who": who})

    def item_link(self, item):
        # The change itself where it can be shown: its diff, else the record (or its kind's deleted records).
        return item.diff_url or item.link or reverse("wiki:changes")

    def item_guid(self, item):
        # Several entries may link to one address (the deleted records of a kind): each save has its own id,
        # a tag URI (RFC 4151) that stays the same whatever the host the feed is read from.
        return f"tag:csto-wiki,2021:revision/{item.revision_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.revision.date_created

    def item_author_name(self, item):
        return item.revision.user.get_username() if item.revision.user else None
