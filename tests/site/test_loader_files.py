"""The dataset files are checked before anything is written, and every problem is named where it is."""

import io

import pytest
from django.core.management import CommandError, call_command

from apps.site.loader.files import DatasetError, merge_citations, read_dataset

CITED = 'cite = [{ source = "report" }]\n'
SOURCE = """
[[source]]
key = "report"
title = "A report"
kind = "news"
publisher = "An agency"
url = "https://example.org/report"
published = "2012-12-19"
"""


def problems(tmp_path, text: str) -> list[str]:
    (tmp_path / "data.toml").write_text(SOURCE + text, encoding="utf-8")
    with pytest.raises(DatasetError) as raised:
        read_dataset(tmp_path)
    return raised.value.problems


def test_a_valid_file_reads_without_problems(tmp_path):
    (tmp_path / "data.toml").write_text(
        SOURCE + '[[state]]\nslug = "x"\nname = "X"\ncite = [{ source = "report", quote = "X joined" }]\n'
    )
    assert [r.data["slug"] for r in read_dataset(tmp_path).records["state"]] == ["x"]


def test_broken_toml_is_reported_with_its_file_and_line(tmp_path):
    (tmp_path / "broken.toml").write_text('[[state]]\nslug = "x\n')
    with pytest.raises(DatasetError) as raised:
        read_dataset(tmp_path)
    assert raised.value.problems[0].startswith("broken.toml: not valid TOML:")
    assert "line 2" in raised.value.problems[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[planet]]\nname = "Mars"\n', "data.toml: unknown table [[planet]]"),
        (
            '[[state]]\nslug = "x"\nname = "X"\ncolour = "red"\ncite = [{ source = "report" }]\n',
            "unknown field 'colour'",
        ),
        ('[[state]]\nslug = "x"\ncite = [{ source = "report" }]\n', "[[state]] #1 (x): 'name' is required"),
        ('[[state]]\nslug = "x"\nname = "X"\n', "[[state]] #1 (x): no citation"),
        (
            '[[state]]\nslug = "x"\nname = "X"\ncite = [{ source = "nope" }]\n',
            "cites source 'nope', which no [[source]]",
        ),
        (
            '[[state]]\nslug = "x"\nname = "X"\ncite = [{ source = "report", quote = "' + "q" * 301 + '" }]\n',
            "a quote of report is 301 characters; at most 300",
        ),
        ('[[state]]\nslug = "x"\nname = "X"\niso_code = "XYZ"\ncite = [{ source = "report" }]\n', "'iso_code' is 3"),
        (
            '[[body]]\nslug = "b"\nname = "B"\nclassification = "club"\ncite = [{ source = "report" }]\n',
            "'classification' is 'club'; one of: organization",
        ),
        (
            '[[body]]\nslug = "b"\nname = "B"\nclassification = "council"\nfounded = "2022-13-45"\n'
            'cite = [{ source = "report" }]\n',
            "'founded': “2022-13-45” is not a valid date",
        ),
        (
            '[[membership]]\nbody = "nowhere"\nstate = "x"\nperson = "y"\ncite = [{ source = "report" }]\n',
            "body = 'nowhere': no [[body]] has that slug",
        ),
        (
            '[[membership]]\nbody = "b"\nstate = "x"\nperson = "y"\ncite = [{ source = "report" }]\n',
            "give exactly one of state or person",
        ),
    ],
)
def test_each_kind_of_problem_is_named_where_it_is(tmp_path, text, message):
    found = problems(tmp_path, text)
    assert any(message in problem for problem in found), found


def test_two_records_the_loader_would_find_as_one_are_refused(tmp_path):
    status = (
        '[[document_status]]\ndocument = "d"\nstatus = "in_force"\nsince = "1994"\ncite = [{ source = "report" }]\n'
    )
    document = '[[document]]\nslug = "d"\ntitle = "D"\nkind = "treaty"\ncite = [{ source = "report" }]\n'
    found = problems(tmp_path, document + status + status)
    assert any("[[document_status]] #2" in p and "the same record as" in p for p in found), found


def test_quotes_of_one_source_for_one_field_become_one_citation():
    merged = merge_citations(
        [
            {"source": "s", "locator": "p. 1", "quote": "first"},
            {"source": "s", "locator": "p. 2", "quote": "second"},
            {"source": "s", "field": "start", "quote": "third"},
        ]
    )
    assert merged == [
        {"source": "s", "locator": "p. 1; p. 2", "quote": "first … second"},
        {"source": "s", "field": "start", "quote": "third"},
    ]


def test_load_csto_check_validates_the_real_files_and_writes_nothing(db):
    out = io.StringIO()
    call_command("load_csto", "--check", stdout=out)
    assert out.getvalue().startswith("The dataset is valid:")
    from apps.bodies.models import Body

    assert not Body.objects.exists()


def test_load_csto_reports_problems_as_a_command_error(tmp_path):
    (tmp_path / "data.toml").write_text('[[planet]]\nname = "Mars"\n')
    with pytest.raises(CommandError, match=r"unknown table \[\[planet\]\]"):
        call_command("load_csto", "--check", "--dataset", str(tmp_path), stdout=io.StringIO())
