"""Cached competency fragments (fokuss/cache.py): the dashboard panel and the heatmap show a change
made through the services on the next request; an identical second request runs fewer queries."""

import datetime

import pytest
from django.urls import reverse

from competency import services
from competency.models import Assessment
from fokuss.cache import forum_version_bump
from tests.competency.factories import RoundFactory, competency
from tests.pages import PAGE_CACHE_HIT_QUERIES, new_browser_secret

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_round(world):
    return RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))


def _record(world, round, level, validate):
    return services.assessment_record(round=round, person=world.users["sekdes_a"], village=world.a1,
                                      competency=competency("KOMP-TIK"), level=level, method="board",
                                      assessor=world.users["pengurus"], assessed_on=round.starts_on,
                                      validate=validate)


def test_panel_counts_waiting_assessments_on_the_next_request(world, open_round, login):
    client = login(world.users["pengurus"])
    assert "0 sekretaris menunggu validasi" in client.get("/").content.decode()
    row = _record(world, open_round, 2, validate=False)
    assert "1 sekretaris menunggu validasi penilaian." in client.get("/").content.decode()
    services.assessments_validate(assessments=[Assessment.objects.get(pk=row.pk)], by=world.users["pengurus"])
    assert "0 sekretaris menunggu validasi" in client.get("/").content.decode()


def test_panel_is_personal(world, open_round, login):
    _record(world, open_round, 4, validate=True)
    ketua = login(world.users["pengurus"]).get("/").content.decode()
    sekdes = login(world.users["sekdes_a"]).get("/").content.decode()
    assert "1 dari 9 kompetensi" in sekdes and "1 dari 9 kompetensi" not in ketua


def test_heatmap_shows_a_validated_level_on_the_next_request(world, open_round, login):
    client = login(world.users["pengurus"])
    url = reverse("competency:heatmap")

    def level():
        data = client.get(url).context["data"]
        row = next(r for r in data.rows if r.village == world.a1)
        column = next(i for i, c in enumerate(data.columns) if c.competency.code == "KOMP-TIK")
        return row.cells[column]

    assert not level()
    _record(world, open_round, 3, validate=True)
    assert level() == 3


def test_heatmap_second_request_runs_fewer_queries(world, open_round, login, django_assert_num_queries):
    client = login(world.users["pengurus"])
    url = reverse("competency:heatmap")
    client.get(url)
    forum_version_bump(world.forum_a.pk)
    with django_assert_num_queries(7):
        client.get(url)
    new_browser_secret(client)
    with django_assert_num_queries(2):  # the heatmap fragment from the cache
        client.get(url)
    with django_assert_num_queries(PAGE_CACHE_HIT_QUERIES):
        client.get(url)
