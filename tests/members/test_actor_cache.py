"""The actor and current forum of every request are cached per user and day under the version of
who holds which post (members.selectors.actor_and_forum_cached): a post ended, granted or changed counts on
the very next request, and so does a new second factor."""

import datetime

import pytest
from django.utils import timezone

from members import services as member_services
from members.models import SecretaryTenure
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_closed_tenure_takes_the_village_away_on_the_next_request(world, login):
    client = login(world.users["sekdes_a"])
    assert world.a1.pk in client.get("/").wsgi_request.actor.own_villages
    member_services.tenure_close(tenure=SecretaryTenure.objects.get(village=world.a1, ended_on__isnull=True),
                                 ended_on=timezone.localdate() - datetime.timedelta(days=1), end_reason="mutasi")
    actor = client.get("/").wsgi_request.actor
    assert world.a1.pk not in actor.own_villages and not actor.own_villages


def test_a_new_board_post_counts_on_the_next_request(world, login):
    client = login(world.users["sekdes_b"])
    assert client.get("/kewajiban/matriks/").status_code == 403
    f.BoardPositionFactory(user=world.users["sekdes_b"], forum=world.forum_a)
    assert world.forum_a.pk in client.get("/").wsgi_request.actor.board_forums


def test_the_cached_actor_is_the_computed_one(world, login):
    from members.selectors import actor_for

    client = login(world.users["camat"])
    client.get("/")
    assert client.get("/").wsgi_request.actor == actor_for(world.users["camat"])
