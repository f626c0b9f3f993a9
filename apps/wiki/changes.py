"""Recent changes, as MediaWiki shows them: one line per save, by day, consecutive edits to a record grouped.

A save is one reversion Revision, which may hold several Versions (a deletion keeps the record and what
went with it; an admin save keeps the record and its inline rows). The line names the revision's main
record: the first one saved in it, which is the record itself in both cases.
"""

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, IntegerField, Min, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Length
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from reversion.models import Version

from apps.wiki.registry import KINDS, Kind, kind_of

PER_PAGE = 50


def change_lines(*, kind: Kind | None = None, username: str = "") -> QuerySet[Version]:
    """The main version of every revision (of one kind of record, by one user), newest first, each with the
    previous version of the same record (`previous_id`), whether it is the record's last (`is_last`), its
    size and the previous one's in characters, and how many other records the same save touched."""
    lines = Version.objects.all()
    if kind:
        lines = lines.filter(content_type=ContentType.objects.get_for_model(kind.model))
    if username:
        lines = lines.filter(revision__user__username=username)
    # One grouped subquery, not one per version: a save of hundreds of records (the loader's) stays cheap.
    first_of_revision = lines.values("revision").annotate(first=Min("pk")).values("first")
    earlier = Version.objects.filter(
        content_type=OuterRef("content_type"), object_id=OuterRef("object_id"), pk__lt=OuterRef("pk")
    ).order_by("-pk")
    later = Version.objects.filter(
        content_type=OuterRef("content_type"), object_id=OuterRef("object_id"), pk__gt=OuterRef("pk")
    )
    together = Version.objects.filter(revision=OuterRef("revision")).values("revision").annotate(n=Count("pk"))
    return (
        lines.filter(pk__in=first_of_revision)
        .annotate(
            previous_id=Subquery(earlier.values("pk")[:1]),
            is_last=~Exists(later),
            size=Length("serialized_data"),
            previous_size=Subquery(earlier.annotate(n=Length("serialized_data")).values("n")[:1]),
            others=Coalesce(Subquery(together.values("n"), output_field=IntegerField()), 1) - 1,
        )
        .annotate(size_change=F("size") - Coalesce(F("previous_size"), 0))
        .select_related("revision__user", "content_type")
        .defer("serialized_data")
        .order_by("-revision__date_created", "-pk")
    )


def link_lines(lines: list[Version]) -> None:
    """Give each line its kind label and the addresses that resolve: the record's page, its history and the
    diff from its previous revision while the record exists; the deleted records of its kind once it is
    gone; none for records kept only as history (citations, aliases). One query per kind on the page."""
    ids_by_model: dict[type[Model], set[int]] = {}
    for line in lines:
        model = line.content_type.model_class()
        line.kind = kind_of(model)
        line.label = line.kind.label if line.kind else (model._meta.verbose_name if model else line.content_type.model)
        if line.kind:
            ids_by_model.setdefault(line.kind.model, set()).add(int(line.object_id))
    pages = {model: _record_pages(model, ids) for model, ids in ids_by_model.items()}
    for line in lines:
        line.link = line.diff_url = line.history_url = ""
        line.gone = line.deletion = False
        if line.kind is None:
            continue
        page = pages[line.kind.model].get(int(line.object_id))
        if page is None:
            line.gone = True
            line.deletion = line.is_last  # a deletion keeps a last snapshot of the record
            line.link = reverse("wiki:deleted") + f"?kind={line.kind.key}"
            continue
        line.link = page
        line.history_url = _action_url(line.kind, line.object_id, "history")
        if line.previous_id:
            compare = _action_url(line.kind, line.object_id, "compare")
            line.diff_url = f"{compare}?from={line.previous_id}&to={line.pk}"


def _record_pages(model: type[Model], ids: set[int]) -> dict[int, str]:
    """The address of each record that still exists: its public page, or its history for records without one."""
    kind = kind_of(model)
    if kind.prefix:  # the public page is addressed by the slug alone
        rows = model._default_manager.filter(pk__in=ids).values_list("pk", "slug")
        return {pk: model(pk=pk, slug=slug).get_absolute_url() for pk, slug in rows}
    existing = model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: _action_url(kind, pk, "history") for pk in existing}


def _action_url(kind: Kind, object_id, action: str) -> str:
    name = f"wiki:{kind.key}-{action}-by-id" if kind.lookup == "slug" else f"wiki:{kind.key}-{action}"
    return reverse(name, kwargs={"pk": int(object_id)})


@dataclass
class Group:
    """Consecutive lines about the same record: one line, or several shown as one expandable line."""

    lines: list[Version]

    @property
    def latest(self) -> Version:
        return self.lines[0]

    @property
    def size_change(self) -> int:
        return sum(line.size_change for line in self.lines)

    @property
    def users(self) -> list:
        seen = {}
        for line in self.lines:
            seen.setdefault(line.revision.user_id, line.revision.user)
        return list(seen.values())


@dataclass
class Day:
    date: date
    groups: list[Group] = field(default_factory=list)


def by_day(lines: list[Version]) -> list[Day]:
    """Lines under a heading per date, in the site's time zone; edits of one record next to each other grouped."""
    days = []
    for day, of_day in groupby(lines, key=lambda line: timezone.localdate(line.revision.date_created)):
        record_runs = groupby(of_day, key=lambda line: (line.content_type_id, line.object_id))
        days.append(Day(day, [Group(list(run)) for _record, run in record_runs]))
    return days


class RecentChangesView(TemplateView):
    template_name = "wiki/changes.html"

    def get_context_data(self, **kwargs):
        kind = KINDS.get(self.request.GET.get("kind", ""))
        user = self.request.GET.get("user", "")
        page = Paginator(change_lines(kind=kind, username=user), PER_PAGE).get_page(self.request.GET.get("page"))
        lines = list(page)
        link_lines(lines)
        return super().get_context_data(
            page_obj=page, days=by_day(lines), kinds=KINDS.values(), chosen_kind=kind, chosen_user=user, **kwargs
        )
