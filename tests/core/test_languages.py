"""The interface in two languages: English at today's addresses, Russian under /ru/ (csto_wiki/urls.py).

The language comes from the address alone, so one address always serves one page: a reader's Accept-Language
or a language cookie never changes what an unprefixed address shows, and the page cache, keyed by address,
can never hand one language's page to a reader of the other.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import body_form_data, make_body, make_editor

pytestmark = pytest.mark.django_db

PAGE = "/bodies/military-committee/"


@pytest.fixture
def committee():
    root = make_body(name="Organization", slug="organization")
    return make_body(parent=root, name="Military Committee", slug="military-committee", summary="Plans forces.")


def html_of(response) -> str:
    return response.content.decode()


def test_a_russian_page_is_in_russian_from_the_compiled_catalogue(committee):
    response = Client().get("/ru" + PAGE)
    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    html = html_of(response)
    assert '<html lang="ru">' in html
    assert ">Последние изменения<" in html and ">Recent changes<" not in html
    assert "– Вики ОДКБ</title>" in html
    assert "Military Committee" in html  # the record's own name is content, not interface


@pytest.mark.parametrize(
    "headers",
    [{}, {"accept-language": "ru"}, {"accept-language": "ru-RU,ru;q=0.9,en;q=0.1"}, {"cookie": "django_language=ru"}],
)
def test_an_unprefixed_address_is_english_whatever_the_browser_asks(committee, headers):
    response = Client().get(PAGE, headers=headers)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = html_of(response)
    assert '<html lang="en">' in html
    assert ">Recent changes<" in html and "Последние изменения" not in html


def test_the_switcher_and_the_alternates_keep_the_record_and_the_query(committee):
    english = html_of(Client().get(PAGE + "?as_of=2010"))
    russian = html_of(Client().get("/ru" + PAGE + "?as_of=2010"))
    assert re.search(
        r'<a href="/ru/bodies/military-committee/\?as_of=2010"[^>]*hreflang="ru"[^>]*>Русский</a>', english
    )
    assert re.search(r'<a href="/bodies/military-committee/\?as_of=2010"[^>]*hreflang="en"[^>]*>English</a>', russian)
    for html in (english, russian):
        assert (
            '<link rel="alternate" hreflang="en" href="http://testserver/bodies/military-committee/?as_of=2010">'
            in html
        )
        assert (
            '<link rel="alternate" hreflang="ru" href="http://testserver/ru/bodies/military-committee/?as_of=2010">'
            in html
        )
        assert (
            '<link rel="alternate" hreflang="x-default" href="http://testserver/bodies/military-committee/?as_of=2010">'
            in html
        )
    # the switcher offers the other language only
    assert ">English</a>" not in english and ">Русский</a>" not in russian


def test_the_switcher_keeps_a_search_and_its_filters():
    html = html_of(Client().get("/ru/search/", {"q": "военный комитет", "kind": "body", "go": "0"}))
    assert (
        'href="/search/?q=%D0%B2%D0%BE%D0%B5%D0%BD%D0%BD%D1%8B%D0%B9+%D0%BA%D0%BE%D0%BC%D0%B8%D1%82%D0%B5%D1%82&amp;kind=body&amp;go=0"'
        in html
    )


def test_a_date_that_does_not_parse_is_not_carried_to_the_other_language(committee):
    html = html_of(Client().get("/ru" + PAGE, {"as_of": "2010-13-45"}))
    assert '<a href="/bodies/military-committee/" hreflang="en"' in html
    assert "2010-13-45" not in re.findall(r'<nav class="languages".*?</nav>', html, re.DOTALL)[0]


def test_a_page_not_found_is_in_the_language_of_its_address():
    english = Client().get("/no-such-page/", headers={"accept-language": "ru"})
    russian = Client().get("/ru/no-such-page/")
    assert english.status_code == russian.status_code == 404
    assert "Page not found" in html_of(english)
    assert "Страница не найдена" in html_of(russian) and '<html lang="ru">' in html_of(russian)
    assert 'href="/no-such-page/" hreflang="en"' in html_of(russian)


def test_addresses_for_programs_have_one_language_and_no_prefix(committee):
    assert Client().get("/ru/api/bodies/").status_code == 404
    assert Client().get("/ru/healthz").status_code == 404
    assert Client().get("/ru/export/popolo.json").status_code == 404
    assert Client().get("/api/bodies/", headers={"accept-language": "ru"}).status_code == 200
    assert Client().get("/healthz").status_code == 200


def test_links_made_while_reading_russian_stay_in_russian(committee):
    with translation.override("ru"):
        assert reverse("bodies:detail", kwargs={"slug": "military-committee"}) == "/ru" + PAGE
        assert reverse("api:body-list") == "/api/bodies/"
    html = html_of(Client().get("/ru" + PAGE))
    assert 'href="/ru/bodies/"' in html
    assert 'href="/ru/accounts/login/?next=/ru/bodies/military-committee/"' in html


def test_signing_in_from_a_russian_page_returns_to_it(committee):
    make_editor()
    response = Client().post(
        "/ru/accounts/login/",
        {"username": "editor", "password": "a-long-test-password", "next": "/ru" + PAGE},
    )
    assert response.status_code == 302 and response["Location"] == "/ru" + PAGE


def test_an_edit_saved_in_russian_returns_to_the_russian_page_with_a_russian_message(committee):
    editor = Client()
    editor.force_login(make_editor())
    url = "/ru" + PAGE + "edit/"
    form = editor.get(url)
    assert "Описание правки: что вы изменили" in html_of(form)
    data = body_form_data(committee, summary="Edited in Russian.")
    data |= {"wiki-summary": "Правка", "wiki-base_version": form.context["meta"].initial["base_version"]}
    response = editor.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == "/ru" + PAGE
    assert "Сохранено. Спасибо." in html_of(response)


def test_a_mistake_in_a_russian_form_is_explained_in_russian(committee):
    editor = Client()
    editor.force_login(make_editor())
    url = "/ru" + PAGE + "edit/"
    data = body_form_data(committee, founded="2003-13")
    data |= {"wiki-summary": "Правка", "wiki-base_version": editor.get(url).context["meta"].initial["base_version"]}
    response = editor.post(url, data)
    assert response.status_code == 400  # the form again, as in English
    assert "«2003-13» — недопустимая дата" in html_of(response)


@pytest.mark.django_db(transaction=True)
def test_the_page_cache_keeps_each_language_apart(committee):
    english, russian = Client().get(PAGE), Client().get("/ru" + PAGE)
    assert (english["X-Page-Cache"], russian["X-Page-Cache"]) == ("miss", "miss")
    assert english["ETag"] != russian["ETag"]
    for _ in range(2):
        again_english = Client().get(PAGE, headers={"accept-language": "ru"})
        again_russian = Client().get("/ru" + PAGE, headers={"accept-language": "en"})
        assert (again_english["X-Page-Cache"], again_russian["X-Page-Cache"]) == ("hit", "hit")
        assert again_english.content == english.content and '<html lang="en">' in html_of(again_english)
        assert again_russian.content == russian.content and '<html lang="ru">' in html_of(again_russian)


@pytest.mark.django_db(transaction=True)
def test_russian_sign_in_and_admin_pages_never_pass_through_the_cache():
    for url in ("/ru/accounts/login/", "/ru/admin/login/"):
        response = Client().get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


def test_the_atom_feed_follows_the_language_of_its_address():
    english, russian = Client().get("/changes/feed/"), Client().get("/ru/changes/feed/")
    assert "<title>CSTO Wiki: recent changes</title>" in english.content.decode()
    assert "<title>Вики ОДКБ: последние изменения</title>" in russian.content.decode()
    assert (
        'xml:lang="ru"' in russian.content.decode()
        and 'href="http://testserver/ru/changes/"' in russian.content.decode()
    )
