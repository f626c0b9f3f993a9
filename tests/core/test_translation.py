"""Record content in English and Russian (apps/core/translation.py): templates show the reader's language with
fallback and say so; Python reads the columns."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from apps.bodies.models import Body
from apps.core.translation import localized_order, row_text
from apps.membership.models import MemberState
from tests.factories import make_body, make_document, make_meeting, make_person, make_state

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load core %}" + source).render(Context(context))


def test_a_template_shows_the_russian_name_under_russian_and_python_keeps_reading_english():
    body = make_body(name="Military Committee", name_ru="Военный комитет")
    with translation.override("ru"):
        assert render("{{ body.name }}", body=body) == "Военный комитет"
        assert body.name == "Military Committee"  # Python reads the column
        assert body.name_ru == "Военный комитет"
        assert str(body) == "Военный комитет"
    with translation.override("en"):
        assert render("{{ body.name }}", body=body) == "Military Committee"
        assert str(body) == "Military Committee"


def test_an_empty_translation_falls_back_to_the_other_language_and_says_so():
    body = make_body(name="Joint Staff", summary="", summary_ru="Рабочий орган")
    with translation.override("ru"):
        assert render("{{ body.name }}", body=body) == "Joint Staff"
        assert render("{{ body.untranslated.name }}", body=body) == "True"
        assert render('{{ body|translated:"name" }}', body=body) == '<span lang="en">Joint Staff</span>'
    with translation.override("en"):
        # The English summary is empty: the Russian one is shown, marked as Russian.
        assert render('{{ body|translated:"summary" }}', body=body) == '<span lang="ru">Рабочий орган</span>'
        assert render("{{ body.untranslated.name }}", body=body) == "False"
        assert render('{{ body|translated:"name" }}', body=body) == "Joint Staff"


def test_other_attributes_and_lookups_are_untouched():
    body = make_body(name="Secretariat", slug="secretariat")
    with translation.override("ru"):
        assert render("{{ body.slug }} {{ body.get_absolute_url }}", body=body) == "secretariat /ru/bodies/secretariat/"
    with pytest.raises(TypeError):
        iter(body)  # still not a sequence, __getitem__ notwithstanding
    with pytest.raises(KeyError):
        body["slug"]


def test_a_persons_name_is_russian_only_when_both_parts_are():
    person = make_person("Gerasimov", given_name="Valery", family_name_ru="Герасимов")
    with translation.override("ru"):
        assert render("{{ person.name }}", person=person) == "Valery Gerasimov"  # never half and half
        assert person.untranslated.name
        person.given_name_ru = "Валерий"
        assert (
            render("{{ person.name }} / {{ person.sort_name }}", person=person)
            == "Валерий Герасимов / Герасимов, Валерий"
        )
        assert str(person) == "Валерий Герасимов"
        assert not person.untranslated.name
    assert person.name == "Valery Gerasimov"


def test_lists_sort_by_the_readers_language_with_fallback():
    make_state("Armenia", name_ru="Армения", slug="am")
    make_state("Belarus", name_ru="Беларусь", slug="by")
    make_state("Tajikistan", slug="tj")  # not translated: sorted by its English name among the Russian ones
    make_state("Kazakhstan", name_ru="Казахстан", slug="kz")
    with translation.override("ru"):
        names = [str(s) for s in MemberState.objects.order_by(localized_order("name"))]
    assert names == ["Tajikistan", "Армения", "Беларусь", "Казахстан"]
    with translation.override("en"):
        names = [str(s) for s in MemberState.objects.order_by(localized_order("name"))]
    assert names == ["Armenia", "Belarus", "Kazakhstan", "Tajikistan"]


def test_tree_rows_carry_both_languages_and_the_tree_shows_the_readers():
    make_body(name="Collective Security Council", name_ru="Совет коллективной безопасности", slug="csc")
    make_body(name="Secretariat", slug="secretariat")
    rows = Body.objects.get_tree().tree_rows()
    with translation.override("ru"):
        assert [row_text(row, "name") for row in rows] == [
            ("Совет коллективной безопасности", "ru"),
            ("Secretariat", "en"),
        ]
        html = render("{% load body_tree %}{% body_tree rows %}", rows=rows)
    assert ">Совет коллективной безопасности</a>" in html
    assert 'lang="en">Secretariat</a>' in html


@pytest.mark.parametrize("language", ["en", "ru"])
def test_record_pages_show_the_not_yet_translated_note_only_for_a_fallback_heading(client, language):
    translated_body = make_body(name="Military Committee", name_ru="Военный комитет", slug="mc")
    body = make_body(name="Joint Staff", slug="js")
    state = make_state("Armenia", slug="armenia")
    person = make_person("Gerasimov", given_name="Valery", slug="gerasimov")
    document = make_document("Charter", slug="charter")
    meeting = make_meeting(body, title="Session of the Joint Staff", slug="session")
    note = "Ещё не переведено" if language == "ru" else "Not yet translated"
    with translation.override(language):
        translated_page = client.get(reverse("bodies:detail", kwargs={"slug": translated_body.slug}))
        pages = [client.get(record.get_absolute_url()) for record in (body, state, person, document, meeting)]
    expected = "Военный комитет" if language == "ru" else "Military Committee"
    assert f"<h1>{expected}</h1>" in translated_page.content.decode()
    assert note not in translated_page.content.decode()
    for page, heading in zip(
        pages, ["Joint Staff", "Armenia", "Valery Gerasimov", "Charter", "Session of the Joint Staff"], strict=True
    ):
        html = page.content.decode()
        if language == "ru":
            assert f'<span lang="en">{heading}</span>' in html
            assert note in html
        else:
            assert note not in html
            assert f'<span lang="en">{heading}</span>' not in html


def test_csv_files_give_both_languages_in_their_own_columns_whatever_the_readers_language(client):
    from tests.csvfiles import read_csv

    make_state("Armenia", name_ru="Армения", official_name_ru="Республика Армения", slug="armenia")
    make_person("Gerasimov", given_name="Valery", given_name_ru="Валерий", family_name_ru="Герасимов")
    make_body(name="Military Committee", name_ru="Военный комитет", slug="mc")
    with translation.override("ru"):
        _header, states = read_csv(client.get(reverse("membership:member-state-list-csv")))
        _header, people = read_csv(client.get(reverse("membership:person-list-csv")))
        _header, bodies = read_csv(client.get(reverse("bodies:tree-csv")))
    assert (states[0]["name"], states[0]["name_ru"], states[0]["official_name_ru"]) == (
        "Armenia",
        "Армения",
        "Республика Армения",
    )
    assert (people[0]["name"], people[0]["name_ru"], people[0]["family_name_ru"]) == (
        "Valery Gerasimov",
        "Валерий Герасимов",
        "Герасимов",
    )
    assert (bodies[0]["name"], bodies[0]["name_ru"]) == ("Military Committee", "Военный комитет")
