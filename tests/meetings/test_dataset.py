"""The dataset's meetings are dated as their reports allow."""

import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from apps.core.models import Citation, Source
from apps.meetings.models import Meeting
from apps.membership.models import Membership
from tests.factories import ARTICLE

pytestmark = pytest.mark.django_db

SLUG = "military-committee-2021-12-08-videoconference"
OLD_SLUG = "military-committee-2022-videoconference"


@pytest.fixture
def loaded(dataset):
    """The session's copy of the dataset (tests/conftest.py), rolled back after each test."""


def reports_citing(meeting: Meeting) -> list:
    """The sources cited by the meeting, its participations and its agenda items."""
    records = [meeting, *meeting.participations.all(), *meeting.agenda_items.all()]
    citations = Citation.objects.none()
    for record in records:
        citations |= Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )
    return sorted({citation.source for citation in citations.select_related("source")}, key=str)


def test_the_committee_meeting_is_not_dated_after_a_report_that_cites_it(loaded):
    meeting = Meeting.objects.get(slug=SLUG)
    for source in reports_citing(meeting):
        if source.kind == Source.Kind.NEWS and source.via_id is None:
            # A report the wiki has seen gives its day: "yesterday" and "Wednesday" are read from it.
            assert source.published_lower == source.published_upper, (str(source), source.published)
        if source.published_upper:  # a report cannot tell of a meeting held after it was published
            assert meeting.start_lower <= source.published_upper, (meeting.start, str(source), source.published)


def test_every_dated_meeting_is_reported_once_it_was_held(loaded):
    # A preview may give the day a session is to meet; at least one report the record cites came after it.
    meetings = list(Meeting.objects.all())
    assert len(meetings) >= 15
    for meeting in meetings:
        reports = [source for source in reports_citing(meeting) if source.kind == Source.Kind.NEWS]
        published = [source.published_upper for source in reports if source.published_upper]
        assert not published or max(published) >= meeting.start_lower, (meeting.slug, published)


def test_the_military_committee_met_on_8_december_2021_as_both_reports_say(loaded):
    meeting = Meeting.objects.get(slug=SLUG)
    assert meeting.start == "2021-12-08"
    publishers = {source.publisher for source in reports_citing(meeting)}
    assert {"Asia-Plus (Dushanbe)", "Group of Strategic Vision “Russia – Islamic World”"} <= publishers


def test_the_old_address_of_the_misdated_meeting_redirects(client, loaded):
    response = client.get(reverse("meetings:detail", kwargs={"slug": OLD_SLUG}))
    assert response.status_code == 301
    assert response["Location"] == reverse("meetings:detail", kwargs={"slug": SLUG})


def test_a_database_loaded_with_the_wrong_date_is_corrected_on_the_next_load(loaded):
    # What the loader wrote before the date was corrected: the meeting, its report and the holdings in 2022.
    meeting = Meeting.objects.get(slug=SLUG)
    Meeting.objects.filter(pk=meeting.pk).update(slug=OLD_SLUG, start="2022")
    year = {"attested": "2022", "attested_lower": dt.date(2022, 1, 1), "attested_upper": dt.date(2022, 12, 31)}
    held = Membership.objects.filter(attested="2021-12-08").update(**year)
    Source.objects.filter(key=ARTICLE).update(published="2022", title="CSTO to strengthen military infrastructure")
    call_command("load_csto", stdout=io.StringIO())
    assert list(Meeting.objects.filter(pk=meeting.pk).values_list("slug", "start")) == [(SLUG, "2021-12-08")]
    assert not Meeting.objects.filter(slug=OLD_SLUG).exists()
    assert held > 0 and Membership.objects.filter(attested="2021-12-08").count() == held
    article = Source.objects.get(key=ARTICLE)
    assert (article.published, article.published_upper) == ("2021-12-09", dt.date(2021, 12, 9))
