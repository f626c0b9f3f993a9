"""Who may reach every write URL: anonymous, signed in without rights, editor, superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from reversion.models import Version

from apps.wiki.addresses import record_url
from apps.wiki.registry import KINDS
from apps.wiki.services import EDITORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(dataset):
    users = get_user_model().objects
    reader = users.create_user("reader", "r@example.org", "a-long-test-password")
    editor = users.create_user("editor", "e@example.org", "a-long-test-password")
    editor.groups.add(Group.objects.get(name=EDITORS))
    admin = users.create_superuser("admin", "a@example.org", "a-long-test-password")
    result = {"anonymous": Client()}
    for name, user in [("reader", reader), ("editor", editor), ("superuser", admin)]:
        result[name] = Client()
        result[name].force_login(user)
    return result


def write_urls() -> list[tuple[str, str]]:
    """(method, url) of every write page, for one record of each kind."""
    urls = []
    for kind in KINDS.values():
        record = kind.model.objects.order_by("pk").first()
        version = Version.objects.get_for_object(record).first()
        restore = record_url(record, "history") + f"{version.pk}/restore/"
        urls += [
            ("get", record_url(record, "edit")),
            ("get", record_url(record, "delete")),
            ("get", restore),
            ("post", restore),
        ]
        if not kind.attached:  # citations and other names are added from their record's page
            urls += [
                ("get", f"/wiki/{kind.key}/new/"),
                ("get", record_url(record, "cite")),
                ("get", record_url(record, "alias-new")),
            ]
        if kind.order_within:
            urls.append(("post", record_url(record, "move")))
    return urls


EXPECTED = {"anonymous": 302, "reader": 403, "editor": (200, 302), "superuser": (200, 302)}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_write_url_answers_each_kind_of_user_as_it_should(clients, who):
    client = clients[who]
    for method, url in write_urls():
        response = getattr(client, method)(url)
        expected = EXPECTED[who]
        assert response.status_code in (expected if isinstance(expected, tuple) else (expected,)), (who, url)
        if who == "anonymous":
            assert response["Location"].startswith("/accounts/login/?next="), url


def test_edit_links_show_only_to_those_who_may_edit(clients):
    assert "Edit</a>" not in clients["anonymous"].get("/bodies/joint-staff/").content.decode()
    assert "Edit</a>" not in clients["reader"].get("/bodies/joint-staff/").content.decode()
    assert "Edit</a>" in clients["editor"].get("/bodies/joint-staff/").content.decode()
    assert "History</a>" in clients["anonymous"].get("/bodies/joint-staff/").content.decode()


def test_sign_in_and_out_work(clients):
    anonymous = clients["anonymous"]
    assert anonymous.get("/accounts/login/").status_code == 200
    response = anonymous.post("/accounts/login/", {"username": "editor", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert anonymous.post("/accounts/logout/").status_code == 302


@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/"])
def test_sign_in_pauses_at_the_fifth_wrong_password_even_for_the_right_one(client, login_url):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("keeper", "k@example.org", "the-right-password")
    for _ in range(4):
        response = client.post(login_url, {"username": "keeper", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    assert client.post(login_url, {"username": "keeper", "password": "wrong"}).status_code == 429  # the fifth
    response = client.post(login_url, {"username": "keeper", "password": "the-right-password"})
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_administrator_lifts_the_pause(client):
    from axes.utils import reset
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("keeper", "k@example.org", "the-right-password")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "keeper", "password": "wrong"})
    reset(username="keeper")
    response = client.post("/accounts/login/", {"username": "keeper", "password": "the-right-password"})
    assert response.status_code == 302
