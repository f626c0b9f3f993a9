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
        title_ru=document.title_ru,
        names_ru=[document.title_ru],
        summary_ru=[document.summary_ru],
        text_ru=[plain(document.description_ru)],
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
        title_ru=_clause_title_ru(clause),
        summary_ru=[clause.heading_ru],
        text_ru=[plain(clause.text_ru)],
    )


def _clause_title_ru(clause: Clause) -> str:
    """ "Устав, пункт 5: Заголовок" when the document has a Russian title ("" otherwise: the English one is
    shown). The index stores one title per language, so the word is written here, not looked up."""
    if not clause.document.title_ru:
        return ""
    title = f"{clause.document.title_ru}, пункт {clause.number}"
    return f"{title}: {clause.heading_ru}" if clause.heading_ru else title
