"""The camat office's dashboard panel (capacity figures, reports/dashboard.py) is cached under the
forum's data version: an overdue report handed in shows on the next request."""

import datetime

import pytest
from django.utils import timezone

from tests.obligations.factories import deadline, obligation, submit

pytestmark = pytest.mark.django_db


def _overdue(page: str) -> str:
    start = page.index('data-testid="camat-overdue"')
    return page[start:page.index("</ul>", start)]


def test_camat_panel_drops_an_overdue_report_once_it_is_handed_in(world, login):
    d = deadline(obligation(world.forum_a), world.a1, due_on=timezone.localdate() - datetime.timedelta(days=3))
    client = login(world.users["camat"])
    assert "Kalikidang" in _overdue(client.get("/").content.decode())
    submit(d, world.users["sekdes_a"])
    assert "Kalikidang" not in _overdue(client.get("/").content.decode())
