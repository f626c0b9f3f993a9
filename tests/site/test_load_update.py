"""load_csto keeps what editors changed, and --update takes the dataset's values back, for every kind."""

import datetime as dt
import io

from django.core.management import call_command
from django.test import TestCase

from apps.core.models import Citation, Source
from apps.documents.models import Document, DocumentStatus
from apps.meetings.models import AgendaItem, Meeting, Participation
from apps.membership.models import Membership, MemberState, Person, Post
from apps.wiki.models import Alias

EDITED = "Edited by staff"
SUMMIT_2012 = "collective-security-council-2012-12-19-moscow"


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_csto", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


class UpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load()

    def edit_one_of_each_kind(self) -> dict:
        """Staff edits, one record of each kind, written past the loader (as the admin or the site would)."""
        records = {
            "source": Source.objects.filter(key="tass-2012-06-28-uzbekistan-note"),
            "state": MemberState.objects.filter(slug="uzbekistan"),
            "person": Person.objects.filter(slug="nikolai-bordyuzha"),
            "document": Document.objects.filter(slug="csto-charter"),
            "meeting": Meeting.objects.filter(slug=SUMMIT_2012),
        }
        fields = {"source": "title", "state": "summary", "person": "summary", "document": "summary", "meeting": "place"}
        for kind, queryset in records.items():
            queryset.update(**{fields[kind]: EDITED})
        Membership.objects.filter(member_state__slug="uzbekistan", start="2006-08-16").update(how_ended=EDITED)
        Post.objects.filter(label="Secretary General").update(ex_officio=EDITED)
        DocumentStatus.objects.filter(document__slug="csto-charter", since="2003-09-18").update(note=EDITED)
        AgendaItem.objects.filter(meeting__slug=SUMMIT_2012).update(outcome=EDITED)
        Participation.objects.filter(meeting__slug=SUMMIT_2012).update(capacity=EDITED)
        Alias.objects.filter(name="CSTO Military Council").update(note=EDITED)
        Citation.objects.filter(source__key="tass-2012-06-28-uzbekistan-note").update(quote=EDITED)
        return {kind: (queryset, fields[kind]) for kind, queryset in records.items()}

    def edited_values(self, records: dict) -> set[str]:
        values = {kind: queryset.values_list(field, flat=True).get() for kind, (queryset, field) in records.items()}
        values["membership"] = Membership.objects.get(member_state__slug="uzbekistan", start="2006-08-16").how_ended
        values["post"] = Post.objects.get(label="Secretary General").ex_officio
        values["status"] = DocumentStatus.objects.get(document__slug="csto-charter", since="2003-09-18").note
        values["agenda"] = AgendaItem.objects.filter(meeting__slug=SUMMIT_2012)[0].outcome
        values["participant"] = Participation.objects.filter(meeting__slug=SUMMIT_2012)[0].capacity
        values["alias"] = Alias.objects.get(name="CSTO Military Council").note
        values["quote"] = Citation.objects.filter(source__key="tass-2012-06-28-uzbekistan-note")[0].quote
        return {kind for kind, value in values.items() if value == EDITED}

    def test_a_rerun_keeps_edits_and_update_refreshes_every_kind(self):
        records = self.edit_one_of_each_kind()
        everything = set(records) | {"membership", "post", "status", "agenda", "participant", "alias", "quote"}
        self.assertEqual(self.edited_values(records), everything)
        self.assertIn("0 records written", load())
        self.assertEqual(self.edited_values(records), everything)  # kept as staff edited them
        output = load("--update")
        self.assertEqual(self.edited_values(records), set(), output)
        self.assertIn("0 records written", load("--update"))  # nothing left to refresh


class AnswersFromItsOwnPagesTests(TestCase):
    """ "Who were the CSTO's members in 2010, who led it then, and where did its leaders meet that year?"""

    @classmethod
    def setUpTestData(cls):
        load()

    def test_the_secretary_general_in_2010(self):
        response = self.client.get("/bodies/secretariat/", {"as_of": "2010-06-01"})
        self.assertContains(response, "Bordyuzha")
        self.assertContains(response, "Secretary General")

    def test_the_presidency_in_2010(self):
        presiding = Membership.objects.filter(role="presidency").as_of(dt.date(2010, 6, 1))
        self.assertEqual([m.member_state.slug for m in presiding if m.status == "in"], ["russia"])

    def test_where_the_leaders_met_in_2010_with_the_report_it_came_from(self):
        meeting = Meeting.objects.get(body__slug="collective-security-council", start__startswith="2010")
        response = self.client.get(meeting.get_absolute_url())
        self.assertContains(response, "Moscow")
        for citation in Citation.objects.for_object(meeting):
            if citation.source.url:
                self.assertContains(response, citation.source.url.replace("&", "&amp;"))
