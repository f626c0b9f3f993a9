from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from apps.wiki.addresses import version_url_by_id


class RecentChangesFeed(Feed):
    """The 50 latest changes across the wiki, as Atom."""

    feed_type = Atom1Feed
    title = _("CSTO Wiki: recent changes")
    subtitle = _("Every change to the wiki's records, newest first.")

    def link(self):
        return reverse("wiki:changes")

    def items(self):
        return (
            Version.objects.select_related("revision__user", "content_type")
            .defer("serialized_data")
            .order_by("-revision__date_created", "-pk")[:50]
        )

    def item_title(self, item):
        return f"{item.object_repr}: {item.revision.get_comment() or _('no summary')}"

    def item_description(self, item):
        # Atom summaries are type="html": the username (anyone's choice) is escaped like any text.
        who = item.revision.user.get_username() if item.revision.user else _("the system")
        return escape(_("Changed by %(who)s.") % {"who": who})

    def item_link(self, item):
        return version_url_by_id(item.content_type.model_class(), item.object_id, item.pk)

    def item_pubdate(self, item):
        return item.revision.date_created

    def item_author_name(self, item):
        return item.revision.user.get_username() if item.revision.user else None
