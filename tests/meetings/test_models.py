import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.meetings.models import Meeting, Participation
from apps.meetings.services import meeting_record
from tests.factories import make_body, make_meeting, make_person, make_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return make_body(name="Military Committee", founded="2003-04-28", dissolved="")


def test_a_meeting_must_fall_in_its_bodys_lifetime(committee):
    with pytest.raises(ValidationError) as error:
        make_meeting(committee, start="2001")
    assert "was not founded until 28 April 2003" in error.value.message_dict["start"][0]
    old = make_body(name="Old", founded="1995", dissolved="1999")
    with pytest.raises(ValidationError) as error:
        make_meeting(old, start="2005-03")
    assert "dissolved in 1999" in error.value.message_dict["start"][0]
    make_meeting(committee, start="2003")  # the founding year itself is possible


def test_a_meeting_needs_a_date_and_ends_after_it_starts(committee):
    with pytest.raises(ValidationError) as error:
        make_meeting(committee, start="")
    assert "a year alone is fine" in error.value.message_dict["start"][0]
    with pytest.raises(ValidationError) as error:
        make_meeting(committee, start="2022-05-03", end="2022-05-01")
    assert "cannot be before the first" in error.value.message_dict["end"][0]
    with pytest.raises(ValidationError):
        make_meeting(committee, start="2022-13-45")
    assert not Meeting.objects.exists()


def test_a_person_takes_part_once_per_meeting(committee):
    meeting = make_meeting(committee)
    person = make_person("Gerasimov", "Valery")
    Participation.objects.create(meeting=meeting, person=person, capacity="Head")
    with pytest.raises(ValidationError) as error:
        Participation(meeting=meeting, person=person, capacity="Member").full_clean()
    assert "Valery Gerasimov is already listed" in error.value.message_dict["person"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(meeting=meeting, person=person, capacity="Again")


def test_unnamed_participants_are_told_apart_by_capacity_and_state(committee):
    meeting = make_meeting(committee)
    armenia, belarus = make_state("Armenia"), make_state("Belarus")
    Participation.objects.create(meeting=meeting, capacity="Chief of the General Staff", on_behalf_of=armenia)
    Participation.objects.create(meeting=meeting, capacity="Chief of the General Staff", on_behalf_of=belarus)
    with pytest.raises(ValidationError):
        Participation(meeting=meeting, capacity="Chief of the General Staff", on_behalf_of=armenia).full_clean()


def test_recording_a_meeting_is_all_or_nothing(committee):
    person = make_person()
    meeting = Meeting(body=committee, title="Session", slug="session", start="2022")
    with pytest.raises(ValidationError):
        meeting_record(
            meeting=meeting,
            participants=[{"person": person, "capacity": "Head"}, {"person": person, "capacity": "Twice"}],
        )
    assert not Meeting.objects.exists()
    assert not Participation.objects.exists()


def test_date_shown_as_precisely_as_known(committee):
    assert make_meeting(committee, start="2022").date_display == "2022"
    assert make_meeting(committee, start="2022-03-03", end="2022-03-04").date_display == "3 March 2022 – 4 March 2022"
