import io

import pytest
from django.core.management import call_command

from apps.bodies.models import Body, BodyRelation
from apps.core.models import Citation, Source
from tests.factories import dataset_records, tree_problems

pytestmark = pytest.mark.django_db


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_csto", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list:
    return [
        list(Body.objects.order_by("pk").values()),
        list(Source.objects.order_by("pk").values()),
        list(Citation.objects.order_by("pk").values()),
        list(BodyRelation.objects.order_by("pk").values()),
    ]


def test_loads_the_statutory_bodies_as_a_tree(dataset):
    names = list(Body.objects.get_tree().values_list("name", "depth"))
    assert names[0] == ("Collective Security Treaty Organization", 1)
    assert ("Collective Security Council", 2) in names
    assert ("Council of Foreign Ministers", 2) in names
    assert ("Joint Staff", 2) in names and ("Secretariat", 2) in names
    committee = Body.objects.get(slug="military-committee")
    assert Body.objects.get_parent(committee).name == "Council of Ministers of Defense"
    assert committee.relations_out.get().object.slug == "council-of-foreign-ministers"
    assert tree_problems() == []


def test_every_body_and_relation_is_cited(dataset):
    for body in Body.objects.all():
        assert body.citations.exists(), body
    for relation in BodyRelation.objects.all():
        assert relation.citations.exists(), relation
    assert Body.objects.count() == len(dataset_records("body"))


def test_a_second_run_changes_nothing(dataset):
    first = snapshot()
    second = load()
    assert "0 records written" in second, second
    assert snapshot() == first


def test_a_rerun_keeps_staff_edits_unless_asked_to_update(dataset):
    Body.objects.filter(slug="joint-staff").update(summary="Edited by staff")
    load()
    assert Body.objects.get(slug="joint-staff").summary == "Edited by staff"
    load("--update")
    assert Body.objects.get(slug="joint-staff").summary != "Edited by staff"
    assert tree_problems() == []
