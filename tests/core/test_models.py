import pytest
from django.core.exceptions import ValidationError

from apps.core.models import Citation
from tests.factories import make_body, make_source

pytestmark = pytest.mark.django_db


def test_a_citation_of_a_field_must_name_a_real_field():
    body = make_body()
    citation = Citation(content_object=body, source=make_source(), field="foundedd")
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "“foundedd” is not a field of body" in error.value.message_dict["field"][0]
    citation.field = "founded"
    citation.full_clean()


def test_sources_show_their_publisher_and_date_as_written():
    source = make_source(title="Report", publisher="TASS", published="2022-03")
    assert str(source) == "Report (TASS)"
    assert source.published_display == "March 2022"
    assert str(source.published_lower) == "2022-03-01"
