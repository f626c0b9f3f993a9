import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.documents.models import Clause, DocumentRelation, LegalBasis
from apps.documents.services import clause_add, legal_basis_add
from tests.factories import make_body, make_document

pytestmark = pytest.mark.django_db


def test_a_clause_number_is_unique_within_its_document_with_a_clear_message():
    regulations = make_document("Regulations")
    clause_add(document=regulations, number="15", text="First.")
    with pytest.raises(ValidationError) as error:
        clause_add(document=regulations, number="15", text="Again.")
    assert "Clause 15 already exists in this document" in error.value.messages[0]
    assert regulations.clauses.count() == 1
    clause_add(document=make_document("Other"), number="15", text="Fine elsewhere.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Clause.objects.create(document=regulations, number="15", order=9)


def test_clauses_are_appended_in_order():
    document = make_document()
    for number in ["1", "2", "2.1", "3"]:
        clause_add(document=document, number=number, text="…")
    assert list(document.clauses.values_list("number", flat=True)) == ["1", "2", "2.1", "3"]


@pytest.mark.parametrize("number", ["", " 15", "15/2", "<b>", "clause 15"])
def test_a_clause_number_must_look_like_one(number):
    with pytest.raises(ValidationError):
        clause_add(document=make_document(), number=number, text="…")


def test_a_document_cannot_relate_to_itself():
    document = make_document()
    relation = DocumentRelation(subject=document, object=document, kind=DocumentRelation.Kind.AMENDS)
    with pytest.raises(ValidationError) as error:
        relation.full_clean()
    assert "cannot relate to itself" in error.value.message_dict["object"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        relation.save()


def test_a_legal_basis_clause_must_belong_to_its_document():
    body = make_body()
    regulations, charter = make_document("Regulations"), make_document("Charter")
    clause = clause_add(document=regulations, number="15", text="…")
    with pytest.raises(ValidationError) as error:
        legal_basis_add(body=body, document=charter, clause=clause, kind=LegalBasis.Kind.ESTABLISHED_BY)
    assert "Clause 15 belongs to Regulations, not to this document" in error.value.message_dict["clause"][0]
    assert not LegalBasis.objects.exists()
    legal_basis_add(body=body, document=regulations, clause=clause, kind=LegalBasis.Kind.ESTABLISHED_BY)


def test_adoption_dates_keep_their_precision():
    document = make_document(adopted="2003-04")
    assert document.adopted_display == "April 2003"
    with pytest.raises(ValidationError):
        make_document(adopted="2003-04-31")
