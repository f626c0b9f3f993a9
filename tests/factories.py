"""Test data builders, all in one place. They write through the services, as the site does."""

import itertools

from apps.bodies import services
from apps.bodies.models import Body, Classification
from apps.core.models import Citation, Source

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
    nodes = [Body(name="Root", slug=f"body-{start}", path=Body._get_path(None, 1, 1), depth=1)]
    for n in range(1, size):
        parent = nodes[(n - 1) // fanout]
        position = (n - 1) % fanout + 1
        parent.numchild += 1
        nodes.append(
            Body(
                name=f"Body {start}-{n}",
                slug=f"body-{start}-{n}",
                path=Body._get_path(parent.path, parent.depth + 1, position),
                depth=parent.depth + 1,
                classification=Classification.COMMITTEE,
            )
        )
    Body.objects.bulk_create(nodes, batch_size=500)
    assert tree_problems() == []
    return Body.objects.get(path=nodes[0].path)


def tree_problems() -> list[list[int]]:
    return [problem for problem in Body.objects.find_problems() if problem]
