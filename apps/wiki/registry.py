"""The kinds of record the wiki edits and keeps the history of, as the apps that own them register them.

The wiki imports no domain app: each app registers its models from its AppConfig.ready(), with the
hooks that write them (see docs/architecture.md). A kind that needs nothing special (full_clean, then
save) uses the defaults below.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import reversion
from django import forms
from django.db import models

from apps.core.services import model_delete, model_save
from apps.core.translation import with_twins

# Derived columns: recomputed on save, never restored from an old revision.
DERIVED_SUFFIXES = ("_lower", "_upper")


@dataclass(frozen=True)
class Kind:
    """A kind of record: its model, the fields an editor sees, how its pages are addressed and written."""

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    label: str
    prefix: str = ""  # records with their own public page at /<prefix>/<slug>/; others are addressed by id
    text_fields: tuple[str, ...] = ()  # Markdown fields, searched for [[links]]
    form: type[forms.ModelForm] = forms.ModelForm  # base of the edit form (extra fields, choice labels)
    save: Callable[..., models.Model] = model_save  # save(instance=...): create, update or restore
    delete: Callable[..., object] = model_delete  # delete(instance=...), with what depends on it
    creates_missing_links: bool = False  # a [[link]] to nothing invites creating a record of this kind
    not_recorded: tuple[str, ...] = field(default=())  # internal fields left out of revisions
    # Records without a page of their own (a post, a participation) are shown on another record's page.
    home: Callable[[models.Model], models.Model] | None = None
    attached: bool = False  # tied to any record (citations, aliases): created from that record's page
    order_within: str = ""  # records with an "order" among siblings sharing this parent, e.g. "meeting"

    @property
    def lookup(self) -> str:
        return "slug" if self.prefix else "pk"

    @property
    def name_field(self) -> str:
        return self.fields[0]

    @property
    def has_page(self) -> bool:
        return hasattr(self.model, "get_absolute_url")


@dataclass(frozen=True)
class MaintenanceList:
    """A list of records that need an editor's attention, shown on /maintenance/ (e.g. people without a post)."""

    title: str
    records: Callable[[], models.QuerySet]  # called per request: a fresh queryset, cheap to build
    description: str = ""


KINDS: dict[str, Kind] = {}
KIND_OF_MODEL: dict[type[models.Model], Kind] = {}
# Followed by history but edited through their parent record or the admin, with their unrecorded fields.
HISTORY_ONLY: dict[type[models.Model], tuple[str, ...]] = {}
MAINTENANCE: list[MaintenanceList] = []


def register(kind: Kind) -> Kind:
    """Make a kind of record editable in the wiki, with history (call from AppConfig.ready()).

    A translated field (apps.core.translation) brings its Russian twin right after it, in the form and
    among the Markdown texts: an app lists only the English fields."""
    model = kind.model
    kind = replace(kind, fields=with_twins(model, kind.fields), text_fields=with_twins(model, kind.text_fields))
    if kind.key in KINDS and KINDS[kind.key].model is not kind.model:
        raise ValueError(f"Two kinds of record share the key {kind.key!r}.")
    KINDS[kind.key] = kind
    KIND_OF_MODEL[kind.model] = kind
    _follow(kind.model)
    return kind


def register_history(model: type[models.Model], *, not_recorded: tuple[str, ...] = ()) -> None:
    """Keep the history of a model edited only through its parent record or the admin."""
    HISTORY_ONLY[model] = not_recorded
    _follow(model)


def register_maintenance(title: str, records: Callable[[], models.QuerySet], description: str = "") -> None:
    """Add a list of records needing work to /maintenance/ (call from AppConfig.ready()): the wiki knows no
    domain app, so each app names the gaps in its own data."""
    if any(one.title == title for one in MAINTENANCE):
        return  # ready() may run more than once (tests, reloads)
    MAINTENANCE.append(MaintenanceList(title, records, description))


def kind_of(model: type[models.Model]) -> Kind | None:
    return KIND_OF_MODEL.get(model)


def followed_models() -> list[type[models.Model]]:
    return [*KIND_OF_MODEL, *HISTORY_ONLY]


def history_fields(model: type[models.Model]) -> list[str]:
    """The fields a revision records: everything but internals the owner named and derived date bounds."""
    kind = KIND_OF_MODEL.get(model)
    skipped = kind.not_recorded if kind else HISTORY_ONLY.get(model, ())
    return [
        f.name for f in model._meta.concrete_fields if f.name not in skipped and not f.name.endswith(DERIVED_SUFFIXES)
    ]


def _follow(model: type[models.Model]) -> None:
    if not reversion.is_registered(model):
        reversion.register(model, fields=history_fields(model))
