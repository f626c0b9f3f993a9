"""Read the dataset files and check them before anything is written: every problem, with where it is."""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError

from apps.core.dates import validate_partial_date

from .schema import CITE, TABLES, TOP_LEVEL

DATASET_DIR = Path(__file__).resolve().parent.parent / "dataset"
QUOTE_LIMIT = 300
# The fields that name a record in messages, the first one it has.
LABELS = ("slug", "key", "label", "title", "name", "person", "state", "capacity")
CITE_FIELDS = {"source", "field", "locator", "quote"}


@dataclass
class Record:
    """One table entry of a dataset file, with where it was read, for messages."""

    table: str
    data: dict[str, Any]
    file: str
    number: int  # its place among the file's entries of that table, from 1
    parent: "Record | None" = None

    def get(self, name: str, default: Any = "") -> Any:
        return self.data.get(name, default)

    @property
    def where(self) -> str:
        label = next((self.data[k] for k in LABELS if isinstance(self.data.get(k), str) and self.data[k]), "")
        here = f"[[{self.table}]] #{self.number}" + (f" ({label})" if label else "")
        return f"{self.parent.where} > {here}" if self.parent else f"{self.file}: {here}"


@dataclass
class Dataset:
    """Every record of every file, by table, and the problems found in them."""

    records: dict[str, list[Record]] = field(default_factory=lambda: {name: [] for name in TABLES})
    problems: list[str] = field(default_factory=list)

    def keys(self, table: str) -> set[str]:
        key = TABLES[table].key
        return {record.data[key] for record in self.records[table] if key and key in record.data}

    def problem(self, record: Record, message: str) -> None:
        self.problems.append(f"{record.where}: {message}")


class DatasetError(Exception):
    """The dataset files have problems; nothing was written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the dataset:\n" + "\n".join(problems))


def read_dataset(directory: Path = DATASET_DIR) -> Dataset:
    """Parse and check every *.toml file of `directory`; raise DatasetError listing every problem."""
    dataset = Dataset()
    files = sorted(directory.glob("*.toml"))
    if not files:
        dataset.problems.append(f"{directory}: no *.toml dataset files")
    for path in files:
        try:
            content = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            dataset.problems.append(f"{path.name}: not valid TOML: {error}")
            continue
        for table, entries in content.items():
            if table not in TOP_LEVEL or not isinstance(entries, list):
                dataset.problems.append(f"{path.name}: unknown table [[{table}]]; known: {', '.join(TOP_LEVEL)}")
                continue
            for number, data in enumerate(entries, start=1):
                _add(dataset, Record(table, data, path.name, number))
    _check_keys(dataset)
    for table in TABLES:
        for record in dataset.records[table]:
            _check_refs(dataset, record)
    if dataset.problems:
        raise DatasetError(dataset.problems)
    return dataset


def _add(dataset: Dataset, record: Record) -> None:
    spec = TABLES[record.table]
    dataset.records[record.table].append(record)
    allowed = {*spec.required, *spec.optional, *spec.lists, *spec.nested, *([CITE] if spec.cited else [])}
    for name in sorted(set(record.data) - allowed):
        dataset.problem(record, f"unknown field {name!r}; allowed: {', '.join(sorted(allowed))}")
    for name in spec.required:
        if not record.data.get(name):
            dataset.problem(record, f"{name!r} is required")
    for name, value in record.data.items():
        if name in spec.nested or name in spec.lists or name in (CITE, "old_slugs"):
            if not isinstance(value, list):
                dataset.problem(record, f"{name!r} must be a list")
        elif name in spec.booleans:
            if not isinstance(value, bool):
                dataset.problem(record, f"{name!r} must be true or false")
        elif name == "order":
            if not isinstance(value, int):
                dataset.problem(record, "'order' must be a whole number")
        elif not isinstance(value, str):
            dataset.problem(record, f"{name!r} must be a string")
    for name, value in record.data.items():
        limit = _max_length(spec, name)
        if limit and isinstance(value, str) and len(value) > limit:
            dataset.problem(record, f"{name!r} is {len(value)} characters; at most {limit}")
    for name, choices in spec.choices.items():
        if record.data.get(name) and record.data[name] not in choices:
            dataset.problem(record, f"{name!r} is {record.data[name]!r}; one of: {', '.join(choices)}")
    for name in spec.dates:
        try:
            validate_partial_date(record.data.get(name) or "")
        except ValidationError as error:
            dataset.problem(record, f"{name!r}: {' '.join(error.messages)}")
    if spec.cited:
        _check_cite(dataset, record)
        if isinstance(record.data.get(CITE), list):
            record.data[CITE] = merge_citations(record.data[CITE])
    for name, child_table in spec.nested.items():
        for number, child in enumerate(record.data.get(name) or [], start=1):
            if isinstance(child, dict):
                _add(dataset, Record(child_table, child, record.file, number, parent=record))


def _max_length(spec, name: str) -> int | None:
    try:
        return getattr(spec.model._meta.get_field(name), "max_length", None) if spec.model else None
    except FieldDoesNotExist:
        return None


def _check_cite(dataset: Dataset, record: Record) -> None:
    cites = record.data.get(CITE)
    if not cites:
        dataset.problem(record, "no citation: every record needs cite = [{ source = ..., quote = ... }]")
        return
    for cite in cites if isinstance(cites, list) else []:
        if not isinstance(cite, dict) or not cite.get("source"):
            dataset.problem(record, f"a citation needs a source key: {cite!r}")
            continue
        if unknown := set(cite) - CITE_FIELDS:
            dataset.problem(record, f"unknown citation field(s) {', '.join(sorted(unknown))}")
        if len(cite.get("quote", "")) > QUOTE_LIMIT:
            dataset.problem(
                record, f"a quote of {cite['source']} is {len(cite['quote'])} characters; at most {QUOTE_LIMIT}"
            )
        if (
            cite.get("field")
            and cite["field"] not in record.data
            and cite["field"] not in TABLES[record.table].optional
        ):
            dataset.problem(record, f"a citation supports {cite['field']!r}, which this record has not")


def merge_citations(cites: list) -> list:
    """One citation per source and field, as the database keeps them: quotes of the same source for the same
    field are joined with " … " as far as the quote's limit allows (the first ones kept), locators with "; "."""
    merged: dict[tuple[str, str], dict] = {}
    for cite in cites:
        if not isinstance(cite, dict) or not cite.get("source"):
            continue
        key = (cite["source"], cite.get("field", ""))
        if key not in merged:
            merged[key] = dict(cite)
            continue
        into = merged[key]
        if cite.get("locator") and cite["locator"] != into.get("locator"):
            into["locator"] = "; ".join(filter(None, (into.get("locator"), cite["locator"])))
        joined = " … ".join(filter(None, (into.get("quote", ""), cite.get("quote", ""))))
        if len(joined) <= QUOTE_LIMIT:
            into["quote"] = joined
    return list(merged.values())


IDENTITIES = {
    "post": ("body", "label"),
    "membership": ("body", "state", "person", "post", "role", "start"),
    "body_relation": ("subject", "kind", "object"),
    "document_status": ("document", "status", "since"),
    "document_relation": ("subject", "kind", "object"),
    "clause": ("document", "number"),
    "legal_basis": ("body", "kind", "document", "clause"),
    "participant": ("person", "capacity"),
    "agenda_item": ("title",),
    "alias": ("kind", "slug", "name"),
}


def _check_keys(dataset: Dataset) -> None:
    for table, spec in TABLES.items():
        seen: dict[str, Record] = {}
        for record in dataset.records[table]:
            value = record.data.get(spec.key) if spec.key else None
            if value in seen:
                dataset.problem(record, f"{spec.key} {value!r} is also used by {seen[value].where}")
            elif value:
                seen[value] = record
    # Records without a key of their own are found by these fields in the database: two alike would be
    # written over each other on every load.
    for table, fields in IDENTITIES.items():
        seen_identities: dict[tuple, Record] = {}
        for record in dataset.records[table]:
            identity = _identity(record, fields)
            if identity in seen_identities:
                same = ", ".join(fields)
                dataset.problem(record, f"the same record as {seen_identities[identity].where} (same {same})")
            seen_identities.setdefault(identity, record)


def _identity(record: Record, fields: tuple[str, ...]) -> tuple:
    """What the loader finds the record by: a nested row's parent stands for its document or meeting, and a
    participant who is a named person is found by the person alone (whatever the capacity)."""
    parent = record.parent.get("slug") if record.parent else record.get("document")
    if record.table == "participant" and record.get("person"):
        return (parent, record.get("person"))
    return (parent, *(record.get(name) for name in fields if name != "document"))


def _check_refs(dataset: Dataset, record: Record) -> None:
    spec = TABLES[record.table]
    for name, table in spec.refs.items():
        if (value := record.data.get(name)) and value not in dataset.keys(table):
            dataset.problem(record, f"{name} = {value!r}: no [[{table}]] has that {TABLES[table].key}")
    for name, table in spec.lists.items():
        for value in record.data.get(name) or []:
            if value not in dataset.keys(table):
                dataset.problem(record, f"{name} names {value!r}: no [[{table}]] has that {TABLES[table].key}")
    sources = dataset.keys("source")
    for cite in record.data.get(CITE) or []:
        if isinstance(cite, dict) and cite.get("source") and cite["source"] not in sources:
            dataset.problem(record, f"cites source {cite['source']!r}, which no [[source]] defines")
    check = RULES.get(record.table)
    if check:
        for message in check(dataset, record):
            dataset.problem(record, message)


def _posts_of(dataset: Dataset, body: str) -> set[str]:
    return {post.get("label") for post in dataset.records["post"] if post.get("body") == body}


def _membership(dataset: Dataset, record: Record):
    if bool(record.get("state")) == bool(record.get("person")):
        yield "give exactly one of state or person"
    if record.get("post") and record.get("post") not in _posts_of(dataset, record.get("body")):
        yield f"post {record.get('post')!r}: the body {record.get('body')!r} has no such [[post]]"
    if record.get("on_behalf_of") and not record.get("person"):
        yield "on_behalf_of is for a person sitting for a state"


def _participant(dataset: Dataset, record: Record):
    if not record.get("person") and not record.get("capacity"):
        yield "give a person or a capacity"
    body = record.parent.get("body") if record.parent else ""
    if record.get("post") and record.get("post") not in _posts_of(dataset, body):
        yield f"post {record.get('post')!r}: the meeting's body {body!r} has no such [[post]]"


def _document_status(dataset: Dataset, record: Record):
    if record.parent is None and not record.get("document"):
        yield "'document' is required outside a [[document]]"


def _legal_basis(dataset: Dataset, record: Record):
    clauses = {(clause.get("document"), clause.get("number")) for clause in dataset.records["clause"]}
    if record.get("clause") and (record.get("document"), record.get("clause")) not in clauses:
        yield f"clause {record.get('clause')!r} of {record.get('document')!r}: no such [[clause]]"


def _alias(dataset: Dataset, record: Record):
    kind = record.get("kind")
    if kind in TABLES and record.get("slug") not in dataset.keys(kind):
        yield f"no [[{kind}]] has the slug {record.get('slug')!r}"


def _source(dataset: Dataset, record: Record):
    if not record.get("url") and not record.get("via"):
        yield "a source needs a url (or via, the key of the source that relays it)"


RULES = {
    "membership": _membership,
    "participant": _participant,
    "document_status": _document_status,
    "legal_basis": _legal_basis,
    "alias": _alias,
    "source": _source,
}
