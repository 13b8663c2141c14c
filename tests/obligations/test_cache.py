"""Cached obligations fragments (fokuss/cache.py): the panels and the matrix show a change made
through the services on the next request; an identical second request runs fewer queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fokuss.cache import forum_version_bump
from obligations import services
from obligations.models import Deadline
from tests.obligations.factories import deadline, obligation, submit
from tests.pages import PAGE_CACHE_HIT_QUERIES, new_browser_secret

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def ob(world):
    return obligation(world.forum_a)


def _panel(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start:page.index("</ul>", start)]


def test_my_deadlines_panel_shows_a_submission_on_the_next_request(world, ob, login):
    d = deadline(ob, world.a1, due_on=TODAY + datetime.timedelta(days=10))
    client = login(world.users["sekdes_a"])
    assert "dikirim" not in _panel(client.get("/").content.decode(), "panel-my-deadlines")
    submit(d, world.users["sekdes_a"])
    assert "dikirim" in _panel(client.get("/").content.decode(), "panel-my-deadlines")


def test_progress_panel_counts_a_verification_on_the_next_request(world, ob, login):
    d = deadline(ob, world.a1, due_on=TODAY + datetime.timedelta(days=10), period="TA 2025")
    deadline(ob, world.a2, due_on=TODAY + datetime.timedelta(days=10), period="TA 2025")
    submission = submit(d, world.users["sekdes_a"])
    client = login(world.users["pengurus"])
    assert "0/2" in _panel(client.get("/").content.decode(), "panel-progress")
    services.submission_verify(submission=submission, user=world.users["pengurus"], approve=True)
    assert "1/2" in _panel(client.get("/").content.decode(), "panel-progress")
    # the camat office shares the forum-wide figures, computed once
    assert "1/2" in _panel(login(world.users["camat"]).get("/").content.decode(), "panel-progress")


def test_matrix_shows_new_deadlines_and_states_on_the_next_request(world, ob, login):
    client = login(world.users["pengurus"])
    url = reverse("obligations:matrix") + f"?tahun={TODAY.year}"
    assert client.get(url).context["matrix"].totals["belum"] == 0
    services.deadlines_generate(forum=world.forum_a, year=TODAY.year)  # bulk_create: bumped explicitly
    generated = Deadline.objects.filter(forum=world.forum_a, year=TODAY.year).count()
    assert generated
    totals = client.get(url).context["matrix"].totals
    assert sum(totals.values()) == generated
    d = Deadline.objects.filter(forum=world.forum_a, village=world.a1, year=TODAY.year,
                                due_on__gte=TODAY).order_by("due_on").first()
    if d is not None:
        submit(d, world.users["sekdes_a"])
        assert client.get(url).context["matrix"].totals["dikirim"] == 1


def test_matrix_second_request_runs_fewer_queries(world, ob, login, django_assert_num_queries):
    deadline(ob, world.a1, due_on=TODAY + datetime.timedelta(days=10))
    client = login(world.users["pengurus"])
    url = reverse("obligations:matrix")
    client.get(url)
    forum_version_bump(world.forum_a.pk)
    with django_assert_num_queries(5):
        client.get(url)
    new_browser_secret(client)
    with django_assert_num_queries(2):  # the matrix fragment from the cache
        client.get(url)
    with django_assert_num_queries(PAGE_CACHE_HIT_QUERIES):
        client.get(url)
