"""What documents and their clauses put in the search index."""

from apps.documents.models import Clause, Document
from apps.search.indexing import Entry, plain
from apps.search.models import Kind


def document_entry(document: Document, aliases: list[str]) -> Entry:
    return Entry(
        kind=Kind.DOCUMENT,
        title=document.title,
        url=document.get_absolute_url(),
        names=[document.title, *aliases],
        summary=[document.summary, document.place],
        text=[plain(document.description)],
        keys=[document.title_ru],  # exact names: [[links]] and "Go" by the Russian title
    )


def clause_entry(clause: Clause, aliases: list[str]) -> Entry:
    title = f"{clause.document.title}, clause {clause.number}"
    return Entry(
        kind=Kind.DOCUMENT,
        title=f"{title}: {clause.heading}" if clause.heading else title,
        url=clause.get_absolute_url(),
        names=list(aliases),
        summary=[f"Clause {clause.number}", clause.heading],
        text=[plain(clause.text)],
    )
