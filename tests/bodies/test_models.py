import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.bodies.models import Body, BodyRelation
from tests.factories import make_body

pytestmark = pytest.mark.django_db


def test_bounds_follow_the_dates_as_written():
    body = make_body(founded="2003-04", dissolved="2010?")
    assert (str(body.founded_lower), str(body.founded_upper)) == ("2003-04-01", "2003-04-30")
    assert str(body.dissolved_upper) == "2011-12-31"  # "2010?" reaches a year further either way
    assert body.founded_display == "April 2003"


def test_dissolution_before_founding_is_refused_by_clean_with_the_field_named():
    body = Body(name="X", slug="x", founded="2003", dissolved="2001")
    with pytest.raises(ValidationError) as error:
        body.full_clean(exclude=["path", "depth", "numchild"])
    assert "dissolved" in error.value.message_dict
    assert "2003" in error.value.message_dict["dissolved"][0]


def test_dissolution_before_founding_is_refused_by_the_database_too():
    body = make_body(founded="2003")
    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.filter(pk=body.pk).update(
            dissolved="2001", dissolved_lower="2001-01-01", dissolved_upper="2001-12-31"
        )


def test_same_year_end_and_day_start_are_not_a_contradiction():
    body = Body(name="X", slug="x", founded="2003-04-28", dissolved="2003")
    body.full_clean(exclude=["path", "depth", "numchild"])


def test_a_body_cannot_be_related_to_itself():
    body = make_body()
    relation = BodyRelation(subject=body, object=body, kind=BodyRelation.Kind.REPORTS_TO)
    with pytest.raises(ValidationError) as error:
        relation.full_clean()
    assert "itself" in error.value.message_dict["object"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        relation.save()


def test_str_and_url_name_the_body():
    body = make_body(name="Joint Staff", slug="joint-staff")
    assert str(body) == "Joint Staff"
    assert body.get_absolute_url() == "/bodies/joint-staff/"
