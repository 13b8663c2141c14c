"""Who holds which post on a day: a post that starts tomorrow and one that ended yesterday count
nowhere today, for every kind of post (secretary, board, camat office, pendamping)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members import selectors
from members.models import BoardPosition, FacilitatorAssignment, KecamatanStaff, SecretaryTenure
from members.selectors import actor_for, forum_people
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def days():
    today = timezone.localdate()
    return today, today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)


@pytest.fixture
def posts(world, days):
    """For each role: one person whose post ended yesterday and one whose post starts tomorrow."""
    today, yesterday, tomorrow = days
    past, future = {}, {}
    village = f.VillageFactory(district=world.forum_a.district, code="33.02.19.2010", name="Karangrau")
    past["sekdes"] = f.TenureFactory(village=village, started_on=datetime.date(2018, 1, 1), ended_on=yesterday).user
    future["sekdes"] = f.TenureFactory(village=village, started_on=tomorrow).user
    past["board"] = f.BoardPositionFactory(forum=world.forum_a, period_start=datetime.date(2020, 1, 1),
                                           period_end=yesterday).user
    future["board"] = f.BoardPositionFactory(forum=world.forum_a, period_start=tomorrow).user
    past["kecamatan"] = f.KecamatanStaffFactory(district=world.forum_a.district, ended_on=yesterday).user
    future["kecamatan"] = f.KecamatanStaffFactory(district=world.forum_a.district, started_on=tomorrow).user
    past["pendamping"] = f.FacilitatorFactory(village=world.a2, ended_on=yesterday).user
    future["pendamping"] = f.FacilitatorFactory(village=world.a2, started_on=tomorrow).user
    return village, past, future


def test_every_post_model_has_held_on(world, days):
    today, _, _ = days
    for model in (SecretaryTenure, BoardPosition, KecamatanStaff, FacilitatorAssignment):
        assert model.objects.held_on(today).exists(), model


@pytest.mark.parametrize("role", ["sekdes", "board", "kecamatan", "pendamping"])
def test_a_post_not_held_today_gives_no_role_in_the_policy(world, posts, role):
    _, past, future = posts
    for user in (past[role], future[role]):
        actor = actor_for(user)
        assert actor.forum_ids == frozenset(), (role, user)
        assert not actor.member_of(world.forum_a.pk)


@pytest.mark.parametrize("role", ["sekdes", "board", "kecamatan", "pendamping"])
def test_a_post_not_held_today_is_not_among_the_forums_people(world, posts, days, role):
    today, yesterday, tomorrow = days
    _, past, future = posts
    people = set(forum_people(forum=world.forum_a, day=today, roles=(role,)))
    assert past[role] not in people and future[role] not in people
    # ... but each is counted on a day they did hold it
    assert past[role] in set(forum_people(forum=world.forum_a, day=yesterday, roles=(role,)))
    assert future[role] in set(forum_people(forum=world.forum_a, day=tomorrow, roles=(role,)))


def test_forum_people_holds_the_serving_roles_of_the_world(world, days):
    today, _, _ = days
    people = set(forum_people(forum=world.forum_a, day=today))
    expected = {world.users[r] for r in ("sekdes_a", "sekdes_b", "pengurus", "camat", "pendamping")}
    assert people == expected
    with pytest.raises(ValueError):
        forum_people(forum=world.forum_a, day=today, roles=("kades",))


def test_a_village_whose_secretary_starts_tomorrow_is_vacant_today(world, posts, login):
    village, past, future = posts
    assert village in set(selectors.vacant_villages(forum=world.forum_a))
    rows = {r.village.pk: r for r in selectors.directory_rows(forum=world.forum_a)}
    assert rows[village.pk].tenure is None
    page = login(world.users["pengurus"]).get(reverse("members:directory"))
    assert page.status_code == 200
    body = page.content.decode()
    assert past["sekdes"].full_name not in body and future["sekdes"].full_name not in body


def test_forum_people_is_one_query(world, django_assert_num_queries, days):
    today, _, _ = days
    with django_assert_num_queries(1):
        list(forum_people(forum=world.forum_a, day=today))
