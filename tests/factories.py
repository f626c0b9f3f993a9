"""Test data builders, all in one place. They write through the services, as the site does."""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.bodies import services
from apps.bodies.models import Body, Classification
from apps.core.models import Citation, Source
from apps.core.translation import translated_columns
from apps.documents.models import Document
from apps.meetings.models import Meeting
from apps.membership.models import Membership, MemberState, Person, Post
from apps.membership.services import membership_create
from apps.wiki.services import EDITORS

_counter = itertools.count(1)


def make_source(**fields) -> Source:
    n = next(_counter)
    fields.setdefault("title", f"Source {n}")
    fields.setdefault("publisher", "Test Agency")
    source = Source(**fields)
    source.full_clean()
    source.save()
    return source


def make_body(*, parent: Body | None = None, name: str | None = None, **fields) -> Body:
    n = next(_counter)
    fields.setdefault("classification", Classification.COMMITTEE)
    return services.body_create(name=name or f"Body {n}", target=parent, slug=fields.pop("slug", f"body-{n}"), **fields)


def cite(obj, source: Source | None = None, **fields) -> Citation:
    return Citation.objects.create(content_object=obj, source=source or make_source(), **fields)


def build_tree(*, size: int, fanout: int = 10) -> Body:
    """A breadth-first tree of `size` bodies under one root, bulk-written with treebeard's path scheme."""
    start = next(_counter)
    nodes = [Body(name="Root", slug=f"body-{start}", path=Body.path_segment(1), depth=1)]
    for n in range(1, size):
        parent = nodes[(n - 1) // fanout]
        position = (n - 1) % fanout + 1
        parent.numchild += 1
        nodes.append(
            Body(
                name=f"Body {start}-{n}",
                slug=f"body-{start}-{n}",
                path=parent.path + Body.path_segment(position),
                depth=parent.depth + 1,
                classification=Classification.COMMITTEE,
            )
        )
    Body.objects.bulk_create(nodes, batch_size=500)
    pk_of = dict(Body.objects.filter(path__startswith=nodes[0].path).values_list("path", "pk"))
    children = list(Body.objects.filter(path__startswith=nodes[0].path, depth__gt=1))
    for child in children:
        child.parent_id = pk_of[child.path[: -Body.steplen]]
    Body.objects.bulk_update(children, ["parent"], batch_size=500)
    assert tree_problems() == []
    return Body.objects.get(path=nodes[0].path)


def tree_problems() -> list[list[int]]:
    """treebeard's own checks, plus bodies whose parent copy disagrees with the tree."""
    problems = [problem for problem in Body.objects.find_problems() if problem]
    pk_of = dict(Body.objects.values_list("path", "pk"))
    wrong_parent = [
        pk
        for pk, path, parent_id in Body.objects.values_list("pk", "path", "parent_id")
        if parent_id != pk_of.get(path[: -Body.steplen])
    ]
    return problems + ([wrong_parent] if wrong_parent else [])


def make_state(name: str | None = None, **fields) -> MemberState:
    n = next(_counter)
    name = name or f"State {n}"
    state = MemberState(name=name, slug=fields.pop("slug", f"state-{n}"), **fields)
    state.full_clean()
    state.save()
    return state


def make_person(family_name: str | None = None, given_name: str = "Test", **fields) -> Person:
    n = next(_counter)
    person = Person(
        given_name=given_name, family_name=family_name or f"Person{n}", slug=fields.pop("slug", f"person-{n}"), **fields
    )
    person.full_clean()
    person.save()
    return person


def make_post(body: Body, label: str | None = None, **fields) -> Post:
    post = Post(body=body, label=label or f"Seat {next(_counter)}", **fields)
    post.full_clean()
    post.save()
    return post


def make_membership(body: Body, **fields) -> Membership:
    if "person" not in fields and "member_state" not in fields:
        fields["person"] = make_person()
    return membership_create(body=body, **fields)


def make_document(title: str | None = None, **fields) -> Document:
    n = next(_counter)
    fields.setdefault("kind", Document.Kind.DECISION)
    document = Document(title=title or f"Document {n}", slug=fields.pop("slug", f"document-{n}"), **fields)
    document.full_clean()
    document.save()
    return document


def make_meeting(body: Body, **fields) -> Meeting:
    n = next(_counter)
    fields.setdefault("start", "2022")
    meeting = Meeting(
        body=body, title=fields.pop("title", f"Meeting {n}"), slug=fields.pop("slug", f"meeting-{n}"), **fields
    )
    meeting.full_clean()
    meeting.save()
    return meeting


def make_user(username: str | None = None, *, editor: bool = False):
    """A signed-up user; an editor is in the Editors group, with the right to edit every kind of record."""
    username = username or f"user{next(_counter)}"
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-test-password")
    if editor:
        user.groups.add(Group.objects.get(name=EDITORS))
    return user


def make_editor(username: str = "editor"):
    """A user in the Editors group."""
    return make_user(username, editor=True)


def body_form_data(body: Body, **changes) -> dict:
    """The wiki's edit form of a body as a browser posts it, with `changes`."""
    data = {
        "name": body.name,
        "slug": body.slug,
        "abbreviation": body.abbreviation,
        "classification": body.classification,
        "summary": body.summary,
        "description": body.description,
        "founded": body.founded,
        "dissolved": body.dissolved,
        "parent": body.parent_id or "",
        **{twin: getattr(body, twin) for twin in translated_columns(Body.translated_fields)},
    }
    data.update(changes)
    return data


# The first dataset's files: the statutory bodies, the six states, the December 2021 report. Page sweeps use
# them, so that their cost does not grow with the documented history added later.
FIRST_DATASET = ("bodies.toml", "membership.toml", "documents.toml", "meetings.toml", "sources.toml")
REGULATIONS = "regulations-on-the-council-of-ministers-of-defense"
ARTICLE = "article-military-council-2022"


def dataset_records(table: str, *, first_only: bool = False) -> list[dict]:
    """The dataset's records of one table (apps/site/dataset/*.toml), as written in the files."""
    from apps.site.loader.files import read_dataset

    records = read_dataset().records[table]
    return [record.data for record in records if not first_only or record.file in FIRST_DATASET]
