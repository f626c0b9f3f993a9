from django.apps import AppConfig
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "apps.membership"
    verbose_name = _("Members and office-holders")

    def ready(self) -> None:
        from apps.membership import indexing, services
        from apps.membership.forms import MembershipForm
        from apps.membership.models import Membership, MemberState, Person, Post
        from apps.search import registry as search
        from apps.wiki import registry as wiki

        wiki.register(
            wiki.Kind(
                "member-state",
                MemberState,
                ("name", "slug", "official_name", "iso_code", "joined", "left", "summary"),
                _("member state"),
                prefix="states",
            )
        )
        wiki.register(
            wiki.Kind(
                "person",
                Person,
                ("given_name", "patronymic", "family_name", "honorific_prefix", "slug", "summary", "biography"),
                _("person"),
                prefix="people",
                text_fields=("biography",),
            )
        )
        wiki.register(
            wiki.Kind(
                "post",
                Post,
                ("label", "body", "member_state", "ex_officio", "single_seat", "position"),
                _("post"),
                home=lambda post: post.body,
            )
        )
        wiki.register(
            wiki.Kind(
                "membership",
                Membership,
                (
                    "body",
                    "person",
                    "member_state",
                    "post",
                    "role",
                    "on_behalf_of",
                    "start",
                    "how_began",
                    "end",
                    "how_ended",
                    "attested",
                    "note",
                ),
                _("membership"),
                form=MembershipForm,  # a new person can be named in the same form
                save=services.membership_save,  # single seats are checked against every other holder
                home=lambda membership: membership.body,
            )
        )
        wiki.register_maintenance(
            _("People without a post"),
            _people_without_a_post,
            _("People the wiki records in no post of any body: add the post they held, or the membership."),
        )
        search.register(MemberState, build=indexing.state_entry, queryset=MemberState.objects.all)
        search.register(Person, build=indexing.person_entry, queryset=Person.objects.all)


def _people_without_a_post():
    from apps.membership.models import Membership, Person

    held = Membership.objects.filter(person=OuterRef("pk"), post__isnull=False)
    return Person.objects.filter(~Exists(held))
