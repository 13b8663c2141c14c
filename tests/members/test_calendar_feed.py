"""One calendar feed that apps contribute to: deadlines and events in one subscription; the
addresses of the two older per-app feeds keep answering with their own kind only."""

import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from fokuss import ical
from fokuss.discovery import app_modules
from obligations.models import Deadline
from tests.obligations import factories as of
from tests.trainings.factories import EventFactory
from trainings.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(world):
    today = timezone.localdate()
    deadline = of.deadline(of.obligation(world.forum_a), world.a1, due_on=today + datetime.timedelta(days=10))
    start = timezone.now() + datetime.timedelta(days=3)
    event = EventFactory(forum=world.forum_a, title="Bimtek Siskeudes", status=Event.Status.PUBLISHED,
                         starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    return deadline, event


def _get(client, name, token):
    response = client.get(reverse(name, args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content.decode()


def test_apps_contribute_through_one_discovery():
    assert {name for name, _m in app_modules("calendar")} == {"obligations", "trainings"}


def test_one_feed_holds_deadlines_and_events(world, dated, client):
    deadline, event = dated
    body = _get(client, "members:calendar_feed", ical.token_for(world.users["sekdes_a"].pk))
    assert f"deadline-{deadline.pk}@fokuss" in body
    assert f"event-{event.pk}@fokuss" in body and "Bimtek Siskeudes" in body


def test_older_feed_addresses_keep_their_own_kind(world, dated, client):
    deadline, event = dated
    user_id = str(world.users["sekdes_a"].pk)
    deadlines = _get(client, "obligations:ical", signing.Signer(salt="reports.ical").sign(user_id))
    events = _get(client, "trainings:ical", signing.Signer(salt="trainings.ical").sign(user_id))
    assert f"deadline-{deadline.pk}@fokuss" in deadlines and "event-" not in deadlines
    assert f"event-{event.pk}@fokuss" in events and "deadline-" not in events


def test_a_token_of_one_feed_does_not_open_another(world, client):
    old = signing.Signer(salt="reports.ical").sign(str(world.users["sekdes_a"].pk))
    assert client.get(reverse("members:calendar_feed", args=[old])).status_code == 404


def test_a_deactivated_account_has_no_feed(world, client):
    user = world.users["sekdes_a"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(reverse("members:calendar_feed", args=[ical.token_for(user.pk)])).status_code == 404


def test_another_forums_events_are_not_in_the_feed(world, dated, client):
    start = timezone.now() + datetime.timedelta(days=5)
    other = EventFactory(forum=world.forum_b, title="Rapat forum lain", status=Event.Status.PUBLISHED,
                         starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    body = _get(client, "members:calendar_feed", ical.token_for(world.users["sekdes_a"].pk))
    assert f"event-{other.pk}@fokuss" not in body
    assert Deadline.objects.exists()
