"""Writes to documents that take more than one step."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from apps.bodies.models import Body
from apps.core.services import Cited, citations_add, model_save
from apps.documents.models import Clause, Document, LegalBasis


@transaction.atomic
def clause_add(
    *,
    document: Document,
    number: str,
    text: str,
    heading: str = "",
    is_summary: bool = False,
    sources: Iterable[Cited] = (),
) -> Clause:
    """Append a clause at the end of a document, validated first, with its sources."""
    last = document.clauses.aggregate(last=Max("order"))["last"]
    clause = Clause(
        document=document,
        number=number,
        heading=heading,
        text=text,
        is_summary=is_summary,
        order=0 if last is None else last + 1,
    )
    model_save(instance=clause)
    citations_add(obj=clause, sources=sources)
    return clause


@transaction.atomic
def legal_basis_add(
    *, body: Body, document: Document, kind: str, clause: Clause | None = None, sources: Iterable[Cited] = ()
) -> LegalBasis:
    """Record that a body rests on a document (or one clause of it), with the sources that say so."""
    order = body.legal_bases.filter(kind=kind).count()
    basis = LegalBasis(body=body, document=document, kind=kind, clause=clause, order=order)
    model_save(instance=basis)
    citations_add(obj=basis, sources=sources)
    return basis
