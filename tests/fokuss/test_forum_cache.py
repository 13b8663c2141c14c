"""The per-forum data version (fokuss/cache.py): what bumps it, when, and that a cached page shows a
change on the very next request. Per-app fragments: tests/<app>/test_cache.py."""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fokuss.cache import ALL, forum_cached, forum_version, forum_version_bump
from members import services as member_services
from members.models import SecretaryTenure
from tests import factories as f
from tests.pages import PAGE_CACHE_HIT_QUERIES, new_browser_secret

pytestmark = pytest.mark.django_db


def test_version_is_stable_until_bumped_and_fresh_after_eviction():
    first = forum_version(7)
    assert forum_version(7) == first
    forum_version_bump(7)
    assert forum_version(7) == first + 1
    cache.delete("forum-version:7")
    # Never back to a value an old entry was stored under: a fresh version starts at "now" in µs.
    assert forum_version(7) > first + 1


def test_cached_value_is_reused_until_the_forum_or_the_shared_version_moves():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert forum_cached(3, "x", ["a"], compute) == 1
    assert forum_cached(3, "x", ["a"], compute) == 1
    assert forum_cached(3, "x", ["b"], compute) == 2  # other parts, other entry
    assert forum_cached(4, "x", ["a"], compute) == 3  # other forum
    forum_version_bump(4)
    assert forum_cached(3, "x", ["a"], compute) == 1  # forum 3 untouched
    forum_version_bump(None)  # data every forum shares
    assert forum_cached(3, "x", ["a"], compute) == 4


def test_bump_again_on_commit_once_per_forum(django_capture_on_commit_callbacks):
    before = forum_version(5)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        forum_version_bump(5)
        forum_version_bump(5)
        forum_version_bump(6)
        assert forum_version(5) == before + 2  # at once, so the writer sees its change
    assert len(callbacks) == 2  # one per forum
    assert forum_version(5) == before + 3  # and after the commit, past any entry cached meanwhile


def test_a_rolled_back_transaction_still_bumps_on_the_next_commit(django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError), transaction.atomic():
        forum_version_bump(9)
        raise RuntimeError
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        forum_version_bump(9)
    assert len(callbacks) == 1


def test_saving_deleting_and_linking_rows_bump_their_forum(world):
    forum = world.forum_a
    version = forum_version(forum.pk)
    other = forum_version(world.forum_b.pk)
    tenure = SecretaryTenure.objects.get(village=world.a1)
    tenure.decree_number = "141/1/2026"
    tenure.save()
    assert forum_version(forum.pk) > version
    assert forum_version(world.forum_b.pk) == other
    version = forum_version(forum.pk)
    f.BoardPositionFactory(forum=forum, user=world.users["sekdes_b"]).delete()
    assert forum_version(forum.pk) >= version + 2


def test_a_persons_new_name_bumps_their_forums_but_signing_in_does_not(world):
    person = world.users["sekdes_a"]
    version_a, version_b = forum_version(world.forum_a.pk), forum_version(world.forum_b.pk)
    person.last_login = timezone.now()
    person.save(update_fields=["last_login"])
    assert forum_version(world.forum_a.pk) == version_a
    member_services.user_update_profile(user=person, full_name="Sri Baru", whatsapp=person.whatsapp,
                                        language="id")
    assert forum_version(world.forum_a.pk) > version_a
    assert forum_version(world.forum_b.pk) == version_b


def test_shared_framework_change_bumps_every_forum():
    from tests.competency.factories import competency

    shared = forum_version(ALL)
    row = competency("KOMP-TIK")
    assert row.framework.forum_id is None
    row.name = "Teknologi informasi"
    row.save()
    assert forum_version(ALL) > shared


# The members dashboard: forum summary and "villages at a glance" -------------------------------

def test_dashboard_glance_shows_a_new_secretary_on_the_next_request(world, login):
    client = login(world.users["camat"])
    page = client.get(reverse("members:dashboard")).content.decode()
    assert "Sri Uji Wahyuni" in page
    member_services.secretary_replace(
        village=world.a1, forum=world.forum_a, ended_on=timezone.localdate() - datetime.timedelta(days=1),
        end_reason="mutasi", started_on=timezone.localdate() - datetime.timedelta(days=1), status="plt",
        email="baru@desa.test", full_name="Budi Pengganti", replaced_by=world.users["pengurus"])
    response = client.get(reverse("members:dashboard"))
    page = response.content.decode()
    assert "Budi Pengganti" in page and "Sri Uji Wahyuni" not in page
    assert response.context["summary"]["acting"] == 1


def test_dashboard_summary_counts_a_vacancy_on_the_next_request(world, login):
    client = login(world.users["pengurus"])
    assert client.get(reverse("members:dashboard")).context["summary"]["filled"] == 3
    member_services.tenure_close(tenure=SecretaryTenure.objects.get(village=world.a2),
                                 ended_on=timezone.localdate() - datetime.timedelta(days=1), end_reason="pensiun")
    assert client.get(reverse("members:dashboard")).context["summary"]["filled"] == 2


def test_a_second_identical_dashboard_request_runs_fewer_queries(world, login, django_assert_num_queries):
    client = login(world.users["pengurus"])
    client.get(reverse("members:dashboard"))  # per-process caches (content types, site)
    forum_version_bump(world.forum_a.pk)
    with django_assert_num_queries(20):
        client.get(reverse("members:dashboard"))
    new_browser_secret(client)
    with django_assert_num_queries(5):  # the panels from the cache
        client.get(reverse("members:dashboard"))
    with django_assert_num_queries(PAGE_CACHE_HIT_QUERIES):  # the whole page
        client.get(reverse("members:dashboard"))


def test_one_computes_while_the_others_wait_for_its_result():
    import threading

    from fokuss.cache import compute_once

    cache.add("k:computing", 1, timeout=10)  # another request is computing "k"
    threading.Timer(0.05, lambda: cache.set("k", "theirs")).start()
    assert compute_once("k", lambda: pytest.fail("a waiter computed it too")) == "theirs"


def test_a_waiter_computes_itself_when_the_computer_gave_up():
    import threading

    from fokuss.cache import compute_once

    cache.add("k:computing", 1, timeout=10)
    threading.Timer(0.05, lambda: cache.delete("k:computing")).start()  # it failed: no lock, no value
    assert compute_once("k", lambda: "mine") == "mine" and cache.get("k") == "mine"
