import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from apps.bodies import services
from apps.bodies.models import Body
from tests.factories import make_body, tree_problems

pytestmark = pytest.mark.django_db


def names_in_tree_order() -> list[str]:
    return list(Body.objects.get_tree().values_list("name", flat=True))


def test_create_places_a_body_where_asked():
    root = make_body(name="Root")
    b = make_body(parent=root, name="B")
    services.body_create(name="A", target=b, position="left")
    services.body_create(name="C", target=b, position="right")
    services.body_create(name="First", target=root, position="first-child")
    assert names_in_tree_order() == ["Root", "First", "A", "B", "C"]
    assert tree_problems() == []


def test_create_fills_a_unique_slug_from_the_name():
    a = services.body_create(name="Joint Staff")
    b = services.body_create(name="Joint Staff")
    assert (a.slug, b.slug) == ("joint-staff", "joint-staff-2")


def test_duplicate_slug_is_refused_with_a_clear_message_and_nothing_is_written():
    make_body(slug="joint-staff")
    with pytest.raises(ValidationError) as error:
        services.body_create(name="Other", slug="joint-staff")
    assert "Another body already uses this slug" in error.value.message_dict["slug"][0]
    assert Body.objects.count() == 1


def test_impossible_date_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationError) as error:
        services.body_create(name="Odd", founded="2022-13-45")
    assert "2022-13-45" in error.value.message_dict["founded"][0]
    assert not Body.objects.exists()


def test_update_with_an_end_before_the_start_changes_nothing():
    body = make_body(founded="2003")
    with pytest.raises(ValidationError):
        services.body_update(body=body, dissolved="2001")
    body.refresh_from_db()
    assert body.dissolved == ""


def test_update_never_writes_stale_tree_fields():
    root = make_body()
    a, b = make_body(parent=root), make_body(parent=root)
    stale_a = Body.objects.get(pk=a.pk)
    services.body_move(body=a, target=b, position="last-child")
    services.body_update(body=stale_a, summary="Edited from an old copy")
    a.refresh_from_db()
    assert a.summary == "Edited from an old copy"
    assert Body.objects.get_parent(a) == b
    assert tree_problems() == []


def test_move_carries_the_subtree():
    root = make_body(name="Root")
    a = make_body(parent=root, name="A")
    make_body(parent=a, name="A1")
    b = make_body(parent=root, name="B")
    services.body_move(body=a, target=b, position="last-child")
    assert names_in_tree_order() == ["Root", "B", "A", "A1"]
    assert tree_problems() == []


@pytest.mark.parametrize("position", ["first-child", "last-child", "left", "right"])
def test_moving_a_body_into_its_own_subtree_is_refused_and_changes_nothing(position):
    root = make_body(name="Root")
    a = make_body(parent=root, name="A")
    a1 = make_body(parent=a, name="A1")
    before = list(Body.objects.values_list("pk", "path", "depth", "numchild"))
    with pytest.raises(ValidationError) as error:
        services.body_move(body=a, target=a1, position=position)
    assert "cannot be moved under itself or one of its own sub-bodies" in error.value.messages[0]
    assert list(Body.objects.values_list("pk", "path", "depth", "numchild")) == before


def test_first_and_last_sibling_relative_to_itself_reorder_it():
    root = make_body(name="Root")
    make_body(parent=root, name="A")
    b = make_body(parent=root, name="B")
    services.body_move(body=b, target=b, position="first-sibling")
    assert names_in_tree_order() == ["Root", "B", "A"]
    services.body_move(body=b, target=b, position="last-sibling")
    assert names_in_tree_order() == ["Root", "A", "B"]
    assert tree_problems() == []


def test_moving_a_body_under_itself_is_refused():
    a = make_body(name="A")
    with pytest.raises(ValidationError):
        services.body_move(body=a, target=a, position="last-child")


def test_delete_removes_the_subtree_and_keeps_counts_right():
    root = make_body()
    a = make_body(parent=root)
    make_body(parent=a)
    make_body(parent=root)
    assert services.body_delete(body=a) == 2
    root.refresh_from_db()
    assert root.numchild == 1
    assert tree_problems() == []


def test_unknown_position_is_refused():
    with pytest.raises(ValidationError):
        services.body_create(name="X", target=make_body(), position="sideways")


class TreeOperations(RuleBasedStateMachine):
    """Random create/move/delete sequences; the tree must stay consistent after each step."""

    def __init__(self):
        super().__init__()
        Body.objects.all().delete()  # each example starts from an empty tree
        self.created = 0

    def pks(self) -> list[int]:
        return list(Body.objects.order_by("pk").values_list("pk", flat=True))

    @rule(data=st.data(), position=st.sampled_from(services.POSITIONS), as_root=st.booleans())
    def create(self, data, position, as_root):
        pks = self.pks()
        target = None if as_root or not pks else Body.objects.get(pk=data.draw(st.sampled_from(pks)))
        self.created += 1
        services.body_create(name=f"Body {self.created}", target=target, position=position)

    @precondition(lambda self: Body.objects.count() >= 2)
    @rule(data=st.data(), position=st.sampled_from(services.POSITIONS))
    def move(self, data, position):
        pks = self.pks()
        body = Body.objects.get(pk=data.draw(st.sampled_from(pks)))
        target = Body.objects.get(pk=data.draw(st.sampled_from(pks)))
        inside = target.path.startswith(body.path)
        try:
            services.body_move(body=body, target=target, position=position)
        except ValidationError:
            assert inside, "only a move into its own subtree may be refused"
        else:
            assert not inside or (target.pk == body.pk and position not in services.CHILD_POSITIONS)

    @precondition(lambda self: Body.objects.exists())
    @rule(data=st.data())
    def delete(self, data):
        body = Body.objects.get(pk=data.draw(st.sampled_from(self.pks())))
        expected = Body.objects.count() - Body.objects.get_descendants(body, include_self=True).count()
        services.body_delete(body=body)
        assert Body.objects.count() == expected

    @invariant()
    def tree_is_consistent(self):
        assert tree_problems() == []


def test_random_sequences_of_create_move_delete_keep_the_tree_consistent():
    run_state_machine_as_test(
        TreeOperations,
        settings=settings(
            max_examples=40, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
