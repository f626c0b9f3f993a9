import csv
import io

import pytest

from apps.core.csv import citations_by_record, csv_response, neutralised, source_cells
from tests.csvfiles import BOM
from tests.factories import cite, make_body, make_source


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Military Committee", "Military Committee"),
        ("2022-03-03", "2022-03-03"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (3, "3"),
    ],
)
def test_cells_a_spreadsheet_would_run_become_text(value, written):
    assert neutralised(value) == written


def test_a_csv_response_is_utf8_with_a_bom_a_filename_and_neutralised_cells():
    response = csv_response(
        filename="things.csv",
        header=["name", "note"],
        rows=[["Военный комитет", "=1+1"], ['Comma, and "quotes"', "line\nbreak"]],
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="things.csv"'
    raw = response.content
    assert raw.startswith(BOM.encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows == [
        ["name", "note"],
        ["Военный комитет", "'=1+1"],
        ['Comma, and "quotes"', "line\nbreak"],
    ]


@pytest.mark.django_db
def test_sources_of_many_records_in_one_query(django_assert_num_queries):
    first, second, uncited = make_body(), make_body(), make_body()
    tass, belta = make_source(title="TASS report", url="https://tass.example/1"), make_source(title="BelTA report")
    cite(first, tass)
    cite(first, belta, field="founded")
    cite(second, tass)
    with django_assert_num_queries(1):
        cited = citations_by_record(type(first))
        cells = {body.pk: source_cells(cited.get(body.pk, ())) for body in (first, second, uncited)}
    assert cells[first.pk] == ("TASS report | BelTA report", "https://tass.example/1")
    assert cells[second.pk] == ("TASS report", "https://tass.example/1")
    assert cells[uncited.pk] == ("", "")
    assert set(citations_by_record(type(first), [second.pk])) == {second.pk}
