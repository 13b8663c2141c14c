"""The cached mentoring panel (fokuss/cache.py) shows a new plan on the next request, for the board
and for the mentee, and stays personal."""

import datetime

import pytest

from mentoring import services
from tests.competency.factories import RoundFactory, assess, competency

pytestmark = pytest.mark.django_db


def test_mentoring_panel_shows_a_new_plan_on_the_next_request(world, login):
    round = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))
    assess(world.users["sekdes_a"], "KOMP-TIK", 1, round=round)
    board = login(world.users["pengurus"])
    assert "0 rencana aktif" in board.get("/").content.decode()
    mentee_page = login(world.users["sekdes_b"]).get("/").content.decode()
    services.plan_create(forum=world.forum_a, mentee=world.users["sekdes_a"], mentor=world.users["pendamping"],
                         competency=competency("KOMP-TIK"), goal="Naik ke 3", target_level=3,
                         by=world.users["pengurus"])
    assert "1 rencana aktif" in login(world.users["pengurus"]).get("/").content.decode()
    assert "1 rencana aktif" in login(world.users["sekdes_a"]).get("/").content.decode()
    # another secretary, not part of the plan: her own (cached) panel, without it
    assert login(world.users["sekdes_b"]).get("/").content.decode().count("rencana aktif") == \
        mentee_page.count("rencana aktif")
    assert "1 rencana aktif" not in login(world.users["sekdes_b"]).get("/").content.decode()
