"""The Russian interface catalogue (locale/ru/LC_MESSAGES/django.po): complete, and used on every page type.

Completeness runs `makemessages` (GNU gettext's xgettext) on a copy of the code and fails if it would add a
msgid the committed catalogue lacks; every entry must be translated and none fuzzy. The crawl renders each kind
of page under /ru/ and fails if a whole piece of text (or a label, placeholder, title or alt text) is still an
English msgid of the catalogue. Record content (names, titles, texts) may still be English and is left aside.
"""

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from reversion.models import Version

from apps.bodies.models import Body
from apps.core.languages import in_language
from apps.documents.models import Clause, Document
from apps.meetings.models import Meeting
from apps.membership.models import MemberState, Person
from tests.factories import body_form_data, make_editor

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"
# What makemessages reads: the code, the templates and the settings (the Makefile's `messages` target).
SOURCES = ("apps", "templates", "csto_wiki", "locale", "manage.py")


def read_catalogue(path: Path):
    with path.open("rb") as po:
        return read_po(po)


def key(message) -> tuple:
    return (message.context, message.id)


def test_the_committed_catalogue_is_wholly_translated_with_russian_plurals():
    catalogue = read_catalogue(CATALOGUE)
    assert catalogue.num_plurals == 3, "Russian has three plural forms (один, два, пять)"
    messages = [message for message in catalogue if message.id]
    assert len(messages) > 800
    fuzzy = [key(message) for message in messages if message.fuzzy]
    untranslated = [
        key(message)
        for message in messages
        if not (all(message.string) if isinstance(message.string, tuple) else message.string)
    ]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not untranslated, f"untranslated entries: {untranslated}"


def test_makemessages_would_add_nothing_to_the_catalogue(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (GNU gettext) is missing: .ci/run installs it")
        pytest.skip("needs GNU gettext's xgettext to run makemessages (apt-get install gettext; CI has it)")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, tmp_path / name)
    environment = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "csto_wiki.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-location"],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
        timeout=240,
    )
    committed = {key(message) for message in read_catalogue(CATALOGUE) if message.id}
    wanted = {key(message) for message in read_catalogue(tmp_path / CATALOGUE.relative_to(ROOT)) if message.id}
    missing = sorted(wanted - committed, key=str)
    assert not missing, f"run `make messages` and translate these: {missing}"


class _Text(HTMLParser):
    """Every piece of text a reader sees or hears: text nodes and the attributes read out or shown."""

    READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt", "value")
    SILENT = {"script", "style"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def _quiet(self) -> bool:
        return any(silent for _tag, silent in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # Scripts, styles, and what is marked as English on purpose (the switcher's "English")
        silent = tag in self.SILENT or (tag != "html" and attributes.get("lang") == "en")
        if tag not in self.VOID:
            self.stack.append((tag, silent))
        if self._quiet() or silent:
            return
        for name in self.READ_ATTRIBUTES:
            if attributes.get(name) and not (name == "value" and attributes.get("type") not in ("submit", "button")):
                self.pieces.append(" ".join(attributes[name].split()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._quiet():
            self.pieces.append(text)


def english_interface() -> set[str]:
    """The catalogue's English texts that Russian writes differently, as whole pieces of text."""
    english = set()
    for message in read_catalogue(CATALOGUE):
        if not message.id or isinstance(message.id, tuple) or "%" in message.id or "<" in message.id:
            continue
        text = " ".join(message.id.split())
        if text != " ".join(str(message.string).split()):
            english.add(text)
    return english


def record_content() -> set[str]:
    """Every text value of the records: content, which may still be in English."""
    values: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in {"core", "bodies", "membership", "documents", "meetings", "wiki"}:
            continue
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, models.CharField)]
        for row in model._default_manager.values_list(*names):
            values.update(" ".join(str(value).split()) for value in row if value)
    return values


def untranslated_on(response, english: set[str], content: set[str]) -> list[str]:
    """English catalogue text on the page that is not (part of) a record's own name, title or label: a chart
    breaks a name into lines and a search result marks the words that matched, so pieces of names count too."""
    parser = _Text()
    parser.feed(response.content.decode())
    names = "\n".join(content)
    return sorted(
        {
            piece
            for piece in parser.pieces
            if piece in english and not re.search(rf"(?<![\w-]){re.escape(piece)}(?![\w-])", names)
        }
    )


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(make_editor())
    return client


@pytest.mark.django_db
def test_every_page_type_is_wholly_russian_under_ru(dataset, editor_client):
    body = Body.objects.get(slug="military-committee")
    state, person = MemberState.objects.order_by("pk").first(), Person.objects.order_by("pk").first()
    document = Document.objects.filter(clauses__isnull=False).order_by("pk").first()
    clause, meeting = Clause.objects.filter(document=document).first(), Meeting.objects.order_by("pk").first()

    def ru(record) -> str:
        return in_language(record.get_absolute_url(), "ru")

    # A second revision of the body, made in Russian, for its history, compare and old-revision pages.
    edit = f"{ru(body)}edit/"
    form = editor_client.get(edit)
    data = body_form_data(body, summary=body.summary + " Edited.")
    data |= {"wiki-summary": "Правка", "wiki-base_version": form.context["meta"].initial["base_version"]}
    assert editor_client.post(edit, data).status_code == 302
    older, newer = Version.objects.get_for_object(body).order_by("pk")[:2]
    record = ru(body)
    anonymous = [
        "/ru/",
        "/ru/bodies/",
        "/ru/bodies/chart/",
        record,
        f"{record}?as_of=2010",
        "/ru/states/",
        ru(state),
        "/ru/people/",
        ru(person),
        "/ru/documents/",
        ru(document),
        ru(clause),
        "/ru/meetings/",
        ru(meeting),
        "/ru/search/?q=military&go=0",
        "/ru/search/?q=qqqzzzxxx",
        f"{record}history/",
        f"{record}history/compare/?from={older.pk}&to={newer.pk}",
        f"{record}history/{older.pk}/",
        f"{record}cite-this/",
        "/ru/changes/",
        "/ru/sources/",
        "/ru/sources/?q=tass",
        f"/ru/sources/{body.citations.first().source_id}/",
        "/ru/maintenance/",
        "/ru/accounts/login/",
    ]
    signed_in = [
        edit,
        f"{ru(meeting)}edit/",
        f"{record}cite/",
        f"{record}aliases/new/",
        f"{record}delete/",
        f"{record}history/{older.pk}/restore/",
        "/ru/wiki/body/new/",
        "/ru/changes/deleted/",
        "/ru/watchlist/",
    ]
    english, content = english_interface(), record_content()
    left: dict[str, list[str]] = {}
    for client, urls in ((Client(), anonymous), (editor_client, signed_in)):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert '<html lang="ru">' in response.content.decode(), url
            if found := untranslated_on(response, english, content):
                left[url] = found
    missing = Client().get("/ru/no-such-page/")
    assert missing.status_code == 404
    if found := untranslated_on(missing, english, content):
        left["/ru/no-such-page/"] = found
    assert not left, f"English interface text left on Russian pages: {left}"


@pytest.mark.django_db
def test_the_crawl_finds_english_left_on_a_page(dataset):
    """The crawl's own check: the English page of the same record is full of catalogue text."""
    response = Client().get("/bodies/military-committee/")
    found = untranslated_on(response, english_interface(), record_content())
    assert {"Recent changes", "Sign in", "Cite this page", "Skip to content"} <= set(found)
