"""The dataset files may give records' Russian texts (`name_ru`, `title_ru`, ...): checked, loaded, updated."""

import io

import pytest
from django.core.management import CommandError, call_command

from apps.bodies.models import Body
from apps.core.models import Citation
from apps.documents.models import Clause, Document
from apps.meetings.models import AgendaItem, Meeting
from apps.membership.models import MemberState, Person, Post
from apps.site.loader.files import DatasetError, read_dataset

pytestmark = pytest.mark.django_db

DATASET = """
[[source]]
key = "report"
title = "A report"
kind = "news"
publisher = "An agency"
url = "https://example.org/report"
published = "2012-12-19"
language = "ru"

[[body]]
slug = "csto"
name = "Collective Security Treaty Organization"
name_ru = "{body_ru}"
abbreviation = "CSTO"
abbreviation_ru = "ОДКБ"
classification = "organization"
cite = [{{ source = "report", field = "name_ru", quote = "Организация Договора о коллективной безопасности" }}]

[[state]]
slug = "armenia"
name = "Armenia"
name_ru = "Армения"
official_name_ru = "Республика Армения"
cite = [{{ source = "report" }}]

[[person]]
slug = "valery-gerasimov"
given_name = "Valery"
family_name = "Gerasimov"
given_name_ru = "Валерий"
patronymic_ru = "Васильевич"
family_name_ru = "Герасимов"
cite = [{{ source = "report" }}]

[[post]]
body = "csto"
label = "Secretary General"
label_ru = "Генеральный секретарь"
cite = [{{ source = "report" }}]

[[document]]
slug = "charter"
title = "Charter"
title_ru = "Устав"
kind = "charter"
cite = [{{ source = "report" }}]

[[clause]]
document = "charter"
number = "1"
heading = "Purposes"
heading_ru = "Цели"
cite = [{{ source = "report" }}]

[[meeting]]
slug = "session"
body = "csto"
title = "Session"
title_ru = "Сессия"
start = "2012-12-19"
place_ru = "Москва"
cite = [{{ source = "report" }}]
agenda = [{{ title = "Item", title_ru = "Вопрос", cite = [{{ source = "report" }}] }}]
"""


def write(tmp_path, **values) -> None:
    text = DATASET.format(**{"body_ru": "Организация Договора о коллективной безопасности", **values})
    (tmp_path / "data.toml").write_text(text, encoding="utf-8")


def load(tmp_path, *args: str) -> str:
    out = io.StringIO()
    call_command("load_csto", "--dataset", str(tmp_path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_russian_texts_load_into_their_columns_and_a_citation_may_support_one(tmp_path):
    write(tmp_path)
    load(tmp_path)
    body = Body.objects.get(slug="csto")
    assert (body.name, body.name_ru, body.abbreviation_ru) == (
        "Collective Security Treaty Organization",
        "Организация Договора о коллективной безопасности",
        "ОДКБ",
    )
    assert Citation.objects.get(body=body).field == "name_ru"
    assert MemberState.objects.get(slug="armenia").official_name_ru == "Республика Армения"
    person = Person.objects.get(slug="valery-gerasimov")
    assert (person.given_name_ru, person.patronymic_ru, person.family_name_ru) == ("Валерий", "Васильевич", "Герасимов")
    assert Post.objects.get(label="Secretary General").label_ru == "Генеральный секретарь"
    assert Document.objects.get(slug="charter").title_ru == "Устав"
    assert Clause.objects.get(number="1").heading_ru == "Цели"
    meeting = Meeting.objects.get(slug="session")
    assert (meeting.title_ru, meeting.place_ru) == ("Сессия", "Москва")
    assert AgendaItem.objects.get(meeting=meeting).title_ru == "Вопрос"


def test_update_writes_a_changed_russian_name_and_a_plain_rerun_keeps_the_edited_one(tmp_path):
    write(tmp_path)
    load(tmp_path)
    Body.objects.filter(slug="csto").update(name_ru="Изменено редактором")
    write(tmp_path, body_ru="Организация Договора о коллективной безопасности (ОДКБ)")
    load(tmp_path)
    assert Body.objects.get(slug="csto").name_ru == "Изменено редактором"
    load(tmp_path, "--update")
    assert Body.objects.get(slug="csto").name_ru == "Организация Договора о коллективной безопасности (ОДКБ)"


def test_check_knows_the_russian_fields_max_lengths(tmp_path):
    write(tmp_path, body_ru="О" * 201)
    with pytest.raises(DatasetError) as raised:
        read_dataset(tmp_path)
    assert any("'name_ru' is 201 characters; at most 200" in problem for problem in raised.value.problems)
    with pytest.raises(CommandError):
        load(tmp_path, "--check")
    write(tmp_path)
    assert read_dataset(tmp_path).records["body"][0].data["name_ru"].startswith("Организация")


def test_an_unknown_language_twin_is_refused_by_name(tmp_path):
    write(tmp_path)
    text = (tmp_path / "data.toml").read_text(encoding="utf-8").replace('label_ru = "', 'label_de = "')
    (tmp_path / "data.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError) as raised:
        read_dataset(tmp_path)
    assert any("unknown field 'label_de'" in problem for problem in raised.value.problems)
