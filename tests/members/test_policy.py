import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from fokuss import policy
from members.models import BoardPosition
from members.selectors import actor_for

pytestmark = pytest.mark.django_db


def test_roles_are_derived_from_posts(world):
    sekdes = actor_for(world.users["sekdes_a"])
    assert sekdes.is_sekdes and not sekdes.is_board and sekdes.forum_ids == {world.forum_a.pk}
    board = actor_for(world.users["pengurus"])
    assert board.is_board and board.is_sekdes
    camat = actor_for(world.users["camat"])
    assert camat.is_kecamatan and camat.kecamatan_of(world.forum_a.pk) and not camat.board_of(world.forum_a.pk)
    pendamping = actor_for(world.users["pendamping"])
    assert pendamping.facilitator_of(world.a1.pk) and not pendamping.facilitator_of(world.a2.pk)


def test_board_role_ends_with_the_period(world):
    BoardPosition.objects.filter(user=world.users["pengurus"]).update(period_start=datetime.date(2017, 1, 19), period_end=datetime.date(2020, 1, 18))
    assert not actor_for(world.users["pengurus"]).is_board


def test_other_forum_gets_404_and_own_forum_403(world):
    other = actor_for(world.users["other_forum"])
    with pytest.raises(Http404):
        policy.require(other, "village.manage", world.a1)
    sekdes = actor_for(world.users["sekdes_b"])
    with pytest.raises(PermissionDenied):
        policy.require(sekdes, "village.manage", world.a1)
    policy.require(actor_for(world.users["pengurus"]), "village.manage", world.a1)


def test_private_village_data(world):
    assert policy.can(actor_for(world.users["sekdes_a"]), "village.view_private", world.a1)
    assert not policy.can(actor_for(world.users["sekdes_b"]), "village.view_private", world.a1)
    assert policy.can(actor_for(world.users["pendamping"]), "village.view_private", world.a1)
    assert not policy.can(actor_for(world.users["pendamping"]), "village.view_private", world.a2)
    assert policy.private_village_ids(actor_for(world.users["camat"]), forum_id=world.forum_a.pk) is None
    assert policy.private_village_ids(actor_for(world.users["sekdes_b"]),
                                      forum_id=world.forum_a.pk) == {world.a2.pk}


def test_unknown_action_is_a_programming_error(world):
    with pytest.raises(KeyError):
        policy.can(actor_for(world.users["pengurus"]), "no.such.action", world.a1)


def test_anonymous_can_do_nothing(world):
    assert not policy.can(policy.ANONYMOUS, "village.view", world.a1)
