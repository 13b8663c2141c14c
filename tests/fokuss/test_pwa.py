"""Installable app and offline reading: the manifest, the service worker's script and the
offline page (the browser side is tested in tests/e2e/test_offline.py)."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse

from fokuss import views


@pytest.mark.django_db
def test_manifest(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "FOKUSS — Forum Sekretaris Desa"
    assert data["start_url"] == "/" and data["display"] == "standalone"
    assert data["theme_color"] == "#146c43"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


@pytest.mark.django_db
def test_manifest_short_name_is_the_forums(world, login):
    data = json.loads(login(world.users["sekdes_a"]).get("/manifest.webmanifest").content)
    assert data["short_name"] == world.forum_a.short_name


def _config(response) -> dict:
    match = re.search(r"^const CONFIG = (.*);$", response.content.decode(), re.MULTILINE)
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_service_worker_script(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    config = _config(response)
    assert config["offlineUrl"] == "/offline/"
    assert "/" in config["pages"] and reverse("actions:my_tasks") in config["pages"]
    assert reverse("trainings:event_list") in config["pages"]
    assert "/static/js/portal.js" in config["shell"] and "/static/css/portal.css" in config["shell"]
    assert re.fullmatch(r"[0-9a-f]{12}", config["version"])


def test_page_list_skips_names_that_do_not_exist(monkeypatch):
    monkeypatch.setattr(views, "OFFLINE_PAGES", ("no_such:page", "members:dashboard"))
    assert views._offline_page_paths() == ["/"]


@pytest.mark.django_db
def test_offline_page_has_nothing_personal(world, login):
    user = world.users["sekdes_a"]
    response = login(user).get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anda sedang luring" in html
    assert user.get_short_name() not in html
    assert reverse("account_logout") not in html


@pytest.mark.django_db
def test_every_page_carries_its_render_time_and_the_worker(world, login):
    html = login(world.users["sekdes_a"]).get("/").content.decode()
    assert 'data-served="network"' in html and 'data-rendered-at="20' in html
    assert 'data-sw="/sw.js"' in html and 'rel="manifest"' in html
    assert 'href="#konten"' in html and 'id="konten"' in html
    assert html.index("Lewati ke konten utama") < html.index("<nav")


@pytest.mark.parametrize(("value", "arg", "expected"), [
    (datetime.datetime(2026, 11, 29, 1, 5, tzinfo=datetime.UTC), "", "08.05 WIB"),
    (datetime.datetime(2026, 11, 29, 1, 5, tzinfo=datetime.UTC), "j F Y", "29 November 2026 08.05 WIB"),
    (datetime.datetime(2026, 11, 29, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta")), "", "08.00 WIB"),
    (datetime.time(14, 30), "", "14.30 WIB"),
    (None, "", ""),
])
def test_wib_filter(value, arg, expected):
    source = "{% load wib %}{{ value|wib:arg }}" if arg else "{% load wib %}{{ value|wib }}"
    assert Template(source).render(Context({"value": value, "arg": arg})) == expected


def test_every_shell_file_exists():
    """A missing file would make the service worker's install (cache.addAll) fail as a whole."""
    from django.contrib.staticfiles import finders

    assert [asset for asset in views.SHELL_ASSETS if not finders.find(asset)] == []
