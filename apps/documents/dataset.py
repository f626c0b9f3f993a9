"""The documents the wiki starts with. No treaty wording is invented: clauses carry cited summaries."""

from typing import Any

from apps.bodies.models import Body
from apps.core.dataset import ARTICLE, BASIC_FACTS, CHARTER, CSTO_25_YEARS, TREATY
from apps.core.models import Source
from apps.core.services import citation_add, model_save
from apps.documents.models import Clause, Document, DocumentRelation, DocumentStatus, LegalBasis
from apps.documents.services import clause_add, legal_basis_add

REGULATIONS = "regulations-on-the-council-of-ministers-of-defense"
DECISION = "decision-of-the-collective-security-council-of-28-april-2003"

DOCUMENTS: list[dict[str, Any]] = [
    {
        "slug": "collective-security-treaty",
        "title": "Collective Security Treaty",
        "kind": Document.Kind.TREATY,
        "adopted": "1992-05-15",
        "place": "Tashkent",
        "summary": "The treaty of 15 May 1992 on which the organization is built.",
        "description": (
            f"The Collective Security Treaty was signed on 15 May 1992.[^{TREATY}] The organization grew out of "
            f"it, and the Military Committee names it first among the acts that guide its work.[^{ARTICLE}]"
        ),
        "cite": [(TREATY, "the published text"), (ARTICLE, "paragraph 10")],
    },
    {
        "slug": "csto-charter",
        "title": "Charter of the Collective Security Treaty Organization",
        "kind": Document.Kind.CHARTER,
        "adopted": "2002-10-07",
        "place": "Chisinau",
        "summary": "The organization's founding charter of 7 October 2002, which sets up its bodies.",
        "description": (
            "The Charter, dated 7 October 2002, gives the organization its present form and sets up its "
            f"statutory bodies.[^{CHARTER}] The Military Committee is guided by it.[^{ARTICLE}]"
        ),
        "cite": [(CHARTER, "the published text"), (ARTICLE, "paragraph 10")],
    },
    {
        "slug": DECISION,
        "title": "Decision of the Collective Security Council of 28 April 2003 approving the Regulations on "
        "the Council of Ministers of Defense",
        "kind": Document.Kind.DECISION,
        "adopted": "2003-04-28",
        "adopted_by": "collective-security-council",
        "summary": "The decision that approved the Regulations on the Council of Ministers of Defense.",
        "cite_paragraph": "paragraph 8",
        "description": (
            "By this decision of 28 April 2003 the Collective Security Council approved the Regulations on "
            f"the Council of Ministers of Defense.[^{ARTICLE}] The title used here describes the decision; its "
            "official title is not recorded yet."
        ),
        "cite": [ARTICLE],
    },
    {
        "slug": REGULATIONS,
        "title": "Regulations on the Council of Ministers of Defense",
        "kind": Document.Kind.REGULATIONS,
        "adopted": "2003-04-28",
        "adopted_by": "collective-security-council",
        "summary": "The rules of the Council of Ministers of Defense; clause 15 provides for the Military Committee.",
        "cite_paragraph": "paragraph 8",
        "description": (
            "The Regulations on the Council of Ministers of Defense of the Collective Security Treaty "
            f"Organization were approved by decision of the Collective Security Council of 28 April 2003.[^{ARTICLE}] "
            "Only clause 15 is recorded here so far, as a summary."
        ),
        "cite": [ARTICLE],
    },
]

CLAUSES = [
    {
        "document": REGULATIONS,
        "number": "15",
        "heading": "Military Committee",
        "text": (
            "Provides for a Military Committee at the Council of Ministers of Defense, so that questions of "
            "planning and using the forces and means of the organization's collective security system can be "
            f"considered quickly.[^{ARTICLE}]"
        ),
        "is_summary": True,
        "cite": [(ARTICLE, "paragraph 8")],
    },
]

# Each change of status with its date and its source: signing is the document's own date ("adopted").
STATUSES = [
    {
        "document": "collective-security-treaty",
        "status": DocumentStatus.Status.IN_FORCE,
        "since": "1994-04-20",
        "note": "Once the signatories had ratified it.",
        "cite": (CSTO_25_YEARS, "the paragraph on its entry into force"),
    },
    {
        "document": "csto-charter",
        "status": DocumentStatus.Status.IN_FORCE,
        "since": "2003-09-18",
        "cite": (BASIC_FACTS, "paragraph 5"),
    },
    {
        "document": "csto-charter",
        "status": DocumentStatus.Status.AMENDED,
        "since": "2010-12-10",
        "note": "By a protocol signed on 10 December 2010; when it came into force is not recorded here.",
        "cite": (CHARTER, "heading of the published text"),
    },
    {
        "document": "collective-security-treaty",
        "status": DocumentStatus.Status.AMENDED,
        "since": "2010-12-10",
        "note": "By a protocol signed on 10 December 2010; when it came into force is not recorded here.",
        "cite": (TREATY, "heading of the published text"),
    },
]

RELATIONS = [
    {"subject": DECISION, "kind": DocumentRelation.Kind.APPROVES, "object": REGULATIONS, "date": "2003-04-28"},
]

# (body, kind, document, clause number or "")
LEGAL_BASES = [
    ("military-committee", LegalBasis.Kind.ESTABLISHED_BY, REGULATIONS, "15"),
    ("military-committee", LegalBasis.Kind.GUIDED_BY, "collective-security-treaty", ""),
    ("military-committee", LegalBasis.Kind.GUIDED_BY, "csto-charter", ""),
    ("council-of-ministers-of-defense", LegalBasis.Kind.GOVERNED_BY, REGULATIONS, ""),
]

OWN_FIELDS = ("title", "kind", "adopted", "place", "summary", "description")


def _load_documents(sources: dict[str, Source]) -> tuple[dict[str, Document], int]:
    documents, written = {}, 0
    for data in DOCUMENTS:
        document = Document.objects.filter(slug=data["slug"]).first()
        if document is None:
            document = Document(slug=data["slug"], **{name: data.get(name, "") for name in OWN_FIELDS})
            if data.get("adopted_by"):
                document.adopted_by = Body.objects.get(slug=data["adopted_by"])
            model_save(instance=document)
            written += 1
        for cited in data["cite"]:
            key, locator = cited if isinstance(cited, tuple) else (cited, data.get("cite_paragraph", ""))
            citation_add(obj=document, source=sources[key], locator=locator)
        documents[data["slug"]] = document
    return documents, written


def load_documents(*, sources: dict[str, Source]) -> int:
    """Create the dataset's missing documents, clauses, relations and legal bases; returns records written."""
    documents, written = _load_documents(sources)
    for data in CLAUSES:
        document = documents[data["document"]]
        if not document.clauses.filter(number=data["number"]).exists():
            clause_add(
                document=document,
                number=data["number"],
                heading=data["heading"],
                text=data["text"],
                is_summary=data["is_summary"],
                sources=[(sources[key], locator) for key, locator in data["cite"]],
            )
            written += 1
    for data in STATUSES:
        document = documents[data["document"]]
        if not document.statuses.filter(status=data["status"], since=data["since"]).exists():
            status = DocumentStatus(
                document=document, status=data["status"], since=data["since"], note=data.get("note", "")
            )
            model_save(instance=status)
            key, locator = data["cite"]
            citation_add(obj=status, source=sources[key], locator=locator)
            written += 1
    for data in RELATIONS:
        subject, target = documents[data["subject"]], documents[data["object"]]
        if not DocumentRelation.objects.filter(subject=subject, kind=data["kind"], object=target).exists():
            relation = DocumentRelation(subject=subject, kind=data["kind"], object=target, date=data["date"])
            model_save(instance=relation)
            citation_add(obj=relation, source=sources[ARTICLE], locator="paragraph 8")
            written += 1
    for body_slug, kind, document_slug, number in LEGAL_BASES:
        body, document = Body.objects.get(slug=body_slug), documents[document_slug]
        clause = Clause.objects.get(document=document, number=number) if number else None
        if not LegalBasis.objects.filter(body=body, kind=kind, document=document, clause=clause).exists():
            where = "paragraph 10" if kind == LegalBasis.Kind.GUIDED_BY else "paragraph 8"
            legal_basis_add(body=body, document=document, kind=kind, clause=clause, sources=[(sources[ARTICLE], where)])
            written += 1
    return written
