import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from apps.bodies.models import Body
from apps.membership.models import Membership, Status
from apps.membership.services import membership_create
from tests.factories import make_body, make_membership, make_person, make_post, make_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return make_body(name="Military Committee", slug="military-committee", founded="2003")


def test_end_before_start_is_refused_with_a_message_and_nothing_saved(committee):
    with pytest.raises(ValidationError) as error:
        make_membership(committee, start="2020-05", end="2019")
    assert "cannot be before the start" in error.value.message_dict["end"][0]
    assert not Membership.objects.exists()


def test_end_before_start_is_refused_by_the_database_too(committee):
    membership = make_membership(committee, start="2020")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(end="2019", end_upper=dt.date(2019, 12, 31))


def test_a_member_is_a_person_or_a_state_never_both_nor_neither(committee):
    with pytest.raises(ValidationError) as error:
        membership_create(body=committee, person=make_person(), member_state=make_state())
    assert "either a person or a member state" in error.value.message_dict["person"][0]
    with pytest.raises(ValidationError):
        membership_create(body=committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(body=committee)


def test_a_membership_must_fall_inside_its_bodys_lifetime(committee):
    with pytest.raises(ValidationError) as error:
        make_membership(committee, start="1999", end="2001")
    assert "was not founded until 2003" in error.value.message_dict["end"][0]
    dissolved = make_body(name="Old", founded="1995", dissolved="1999")
    with pytest.raises(ValidationError) as error:
        make_membership(dissolved, start="2005")
    assert "dissolved in 1999" in error.value.message_dict["start"][0]


def test_a_post_of_another_body_is_refused(committee):
    other = make_body(name="Joint Staff")
    with pytest.raises(ValidationError) as error:
        make_membership(committee, post=make_post(other))
    assert "belongs to Joint Staff" in error.value.message_dict["post"][0]


def test_overlapping_holders_of_a_single_seat_are_refused_naming_the_other(committee):
    seat = make_post(committee, "Head of the Military Committee")
    make_membership(committee, post=seat, person=make_person("Makarov", "Nikolai"), start="2008", end="2012-11-09")
    with pytest.raises(ValidationError) as error:
        make_membership(committee, post=seat, person=make_person("Gerasimov", "Valery"), start="2012-06")
    assert "Nikolai Makarov held it" in error.value.message_dict["start"][0]
    make_membership(committee, post=seat, person=make_person("Gerasimov", "Valery"), start="2012-11-09")  # handover
    assert Membership.objects.count() == 2


def test_a_shared_seat_takes_several_holders(committee):
    seat = make_post(committee, "Deputy Secretary General", single_seat=False)
    make_membership(committee, post=seat, start="2020")
    make_membership(committee, post=seat, start="2021")
    assert seat.memberships.count() == 2


def test_postgresql_itself_refuses_overlapping_holders(committee, on_postgres):
    seat = make_post(committee, "Head")
    make_membership(committee, post=seat, start="2010", end="2015")
    later = make_membership(committee, post=seat, start="2016")
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:  # the constraint is deferred to commit; check it now
            cursor.execute("SET CONSTRAINTS membership_single_seat_no_overlap IMMEDIATE")
        # Bypass clean(): the exclusion constraint must still hold.
        Membership.objects.filter(pk=later.pk).update(start="2014", start_lower="2014-01-01", start_upper="2014-12-31")


@pytest.mark.parametrize(("start", "end"), [("2022-05-01", "2022"), ("2022", "2022"), ("2012", "2012-05")])
def test_holdings_with_no_certain_day_are_saved_on_every_database(committee, start, end):
    seat = make_post(committee, "Head")
    make_membership(committee, post=seat, start=start, end=end)
    make_membership(committee, post=seat, start=start, end=end)  # empty spans overlap nothing
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert seat.memberships.count() == 2


def test_a_membership_running_past_its_bodys_dissolution_is_refused():
    old = make_body(name="Old", founded="1995", dissolved="1999")
    with pytest.raises(ValidationError) as error:
        make_membership(old, start="1996", end="2005")
    assert "dissolved in 1999, before this end date" in error.value.message_dict["end"][0]
    with pytest.raises(ValidationError) as error:
        make_membership(old, start="1996")
    assert "give the date this membership ended" in error.value.message_dict["end"][0]
    make_membership(old, start="1996", end="1998")


def test_changing_a_bodys_dates_may_not_strand_its_memberships(committee):
    from apps.bodies import services

    make_membership(committee, person=make_person("Holder"), start="2005", end="2010")
    with pytest.raises(ValidationError) as error:
        services.body_update(body=committee, founded="2008")
    assert "Test Holder's membership (2005 – 2010) would fall outside these dates" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.body_update(body=Body.objects.get(pk=committee.pk), dissolved="2009")
    services.body_update(body=Body.objects.get(pk=committee.pk), dissolved="2011")


@pytest.mark.parametrize(
    ("start", "end", "day", "status"),
    [
        ("2010-03-01", "2014-05-01", dt.date(2014, 5, 1), Status.IN),  # last day in office
        ("2010-03-01", "2014-05-01", dt.date(2014, 5, 2), Status.OUT),
        ("2010-03-01", "2014-05-01", dt.date(2010, 2, 28), Status.OUT),
        ("2010-03", "2014-05", dt.date(2014, 5, 10), Status.UNCERTAIN),  # month precision
        ("2010-03", "2014-05", dt.date(2014, 4, 30), Status.IN),
        ("2010", "2014", dt.date(2014, 5, 1), Status.UNCERTAIN),  # year precision: neither in nor out
        ("2010", "2014", dt.date(2015, 1, 1), Status.OUT),
        ("2010", "2014", dt.date(2010, 6, 1), Status.UNCERTAIN),
        ("2010", "2014", dt.date(2012, 6, 1), Status.IN),
        ("2010?", "", dt.date(2012, 6, 1), Status.IN),  # uncertain start, long before the day
        ("2010?", "", dt.date(2010, 6, 1), Status.UNCERTAIN),
        ("2010?", "", dt.date(2011, 6, 1), Status.UNCERTAIN),  # "2010?" may mean 2011
        ("2010", "2014?", dt.date(2015, 3, 1), Status.UNCERTAIN),  # "ended 2014?" may mean 2015
        ("2010", "2014", dt.date(2015, 3, 1), Status.OUT),
        ("", "", dt.date(2012, 6, 1), Status.UNKNOWN),  # nothing known
        ("2020", "", dt.date(2026, 11, 28), Status.IN),  # open-ended, known start: still held
        ("2020", "", dt.date(2020, 6, 1), Status.UNCERTAIN),
        ("2020", "", dt.date(2019, 12, 31), Status.OUT),
    ],
)
def test_status_on_a_day_is_honest_about_precision(committee, start, end, day, status):
    membership = make_membership(committee, start=start, end=end)
    assert Membership.objects.with_status(day).get(pk=membership.pk).status == status
    assert Membership.objects.as_of(day).filter(pk=membership.pk).exists() == (status != Status.OUT)


@pytest.mark.parametrize(
    ("attested", "end", "day", "status"),
    [
        ("2021-12-08", "", dt.date(2021, 12, 8), Status.ATTESTED),  # the day a report shows it held
        ("2021-12-08", "", dt.date(2021, 12, 9), Status.UNKNOWN),  # the next day: nobody says
        ("2021-12-08", "", dt.date(1995, 1, 1), Status.UNKNOWN),
        ("2021-12-08", "", dt.date(2026, 11, 28), Status.UNKNOWN),  # not "holder now"
        ("2022", "", dt.date(2022, 6, 1), Status.UNCERTAIN),  # held some time in 2022, maybe not that day
        ("2022", "", dt.date(2023, 3, 1), Status.UNKNOWN),
        ("2012-05-01", "2014", dt.date(2013, 1, 1), Status.IN),  # seen held, ended later: held between
        ("2012-05-01", "2014", dt.date(2011, 1, 1), Status.UNKNOWN),
        ("2012-05-01", "2014", dt.date(2014, 6, 1), Status.UNCERTAIN),  # "ended 2014"
        ("2012-05-01", "2014", dt.date(2015, 1, 1), Status.OUT),
    ],
)
def test_a_holding_known_only_from_a_source_of_one_day_claims_no_other(committee, attested, end, day, status):
    membership = make_membership(committee, attested=attested, end=end)
    assert Membership.objects.with_status(day).get(pk=membership.pk).status == status


def test_an_attested_year_is_explained_in_words(committee):
    membership = make_membership(committee, attested="2022")
    assert "a source shows it held in 2022" in membership.uncertainty_note(dt.date(2022, 6, 1))


def test_uncertainty_is_explained_in_words(committee):
    membership = make_membership(committee, start="2010", end="2014")
    assert membership.uncertainty_note(dt.date(2014, 5, 1)) == "ended 2014, exact date unknown"
    assert membership.uncertainty_note(dt.date(2010, 5, 1)) == "started 2010, exact date unknown"


def test_current_former_and_upcoming(committee):
    now = make_membership(committee, start="2020")
    old = make_membership(committee, start="2004", end="2010")
    later = make_membership(committee, start="2099")
    today = dt.date(2026, 1, 1)
    assert list(Membership.objects.current(today=today)) == [now]
    assert list(Membership.objects.former(today=today)) == [old]
    assert list(Membership.objects.upcoming(today=today)) == [later]
    assert [m.is_current(today) for m in (now, old, later)] == [True, False, False]
