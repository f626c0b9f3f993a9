import pytest
from django.core.exceptions import ValidationError

from apps.membership.models import Membership
from apps.membership.services import post_change_holder
from tests.factories import make_body, make_membership, make_person, make_post, make_source, make_state

pytestmark = pytest.mark.django_db


def test_change_of_holder_ends_the_old_holding_and_starts_the_new_one_cited():
    committee = make_body(name="Military Committee")
    russia = make_state("Russia")
    seat = make_post(committee, "Member for Russia", member_state=russia)
    old = make_membership(committee, post=seat, person=make_person("Makarov"), start="2008-05")
    source = make_source(title="Decree")
    new = post_change_holder(post=seat, person=make_person("Gerasimov"), start="2012-11-09", sources=[source])
    old.refresh_from_db()
    assert old.end == "2012-11-09"
    assert (new.start, new.on_behalf_of) == ("2012-11-09", russia)
    assert [c.source for c in new.citations.all()] == [source]


def test_change_of_holder_needs_a_date_and_a_different_person():
    committee = make_body()
    seat = make_post(committee)
    holder = make_person()
    make_membership(committee, post=seat, person=holder, start="2020")
    with pytest.raises(ValidationError):
        post_change_holder(post=seat, person=make_person(), start="")
    with pytest.raises(ValidationError) as error:
        post_change_holder(post=seat, person=holder, start="2021")
    assert "already holds this seat" in error.value.messages[0]
    assert Membership.objects.get().end == ""


def test_change_of_holder_before_the_old_start_changes_nothing():
    committee = make_body()
    seat = make_post(committee)
    make_membership(committee, post=seat, start="2020")
    with pytest.raises(ValidationError):
        post_change_holder(post=seat, person=make_person(), start="2019")
    assert Membership.objects.count() == 1
    assert Membership.objects.get().end == ""


def test_change_of_holder_is_refused_on_a_shared_seat():
    committee = make_body()
    seat = make_post(committee, "Deputy", single_seat=False)
    other = make_membership(committee, post=seat, start="2020")
    with pytest.raises(ValidationError) as error:
        post_change_holder(post=seat, person=make_person(), start="2021")
    assert "shared by several holders" in error.value.messages[0]
    other.refresh_from_db()
    assert other.end == ""
