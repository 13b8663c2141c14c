"""The trainings rules of fokuss.policy.RULES: a draft event (and its material) is seen only by
the board; minutes are read by every member once final, as a draft by the board, the camat
office and the notulis."""


import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from fokuss import policy
from members.selectors import actor_for
from tests.trainings.factories import EventFactory, past_meeting
from trainings import services
from trainings.models import Material

pytestmark = pytest.mark.django_db


def test_event_view_reads_the_status(world, draft_event):
    published = EventFactory(forum=world.forum_a)
    sekdes, ketua, camat = (actor_for(world.users[r]) for r in ("sekdes_a", "pengurus", "camat"))
    assert not policy.can(sekdes, "event.view", draft_event)
    assert not policy.can(camat, "event.view", draft_event)
    assert policy.can(ketua, "event.view", draft_event)
    assert policy.can(sekdes, "event.view", published)
    assert policy.can(sekdes, "event.view", world.forum_a)  # the forum's (announced) events


@pytest.mark.parametrize(("role", "status"), [("sekdes_a", 403), ("camat", 403), ("pendamping", 403),
                                              ("other_forum", 404), ("pengurus", 200)])
def test_draft_event_page_is_for_the_board_only(world, login, draft_event, role, status):
    response = login(world.users[role]).get(reverse("trainings:event_detail", args=[draft_event.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), [("sekdes_a", 403), ("other_forum", 404), ("pengurus", 200)])
def test_material_of_a_draft_event_is_for_the_board_only(world, login, draft_event, role, status):
    material = Material(event=draft_event, title="Modul", content_type="application/pdf")
    material.file.save("modul.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    response = login(world.users[role]).get(reverse("trainings:material_download", args=[material.pk]))
    assert response.status_code == status


def test_draft_events_are_left_out_of_the_list_and_calendar_for_members(world, login, draft_event):
    start = timezone.localtime(draft_event.starts_at)
    for role, shown in (("sekdes_a", False), ("pengurus", True)):
        client = login(world.users[role])
        listing = client.get(reverse("trainings:event_list")).content.decode()
        month = client.get(reverse("trainings:calendar") + f"?bulan={start:%Y-%m}").content.decode()
        assert (draft_event.title in listing) is shown
        assert (draft_event.title in month) is shown


def test_minutes_view_reads_the_status(world):
    minutes = services.minutes_start(event=past_meeting(world), by=world.users["sekdes_b"])
    sekdes_a, notulis, camat = (actor_for(world.users[r]) for r in ("sekdes_a", "sekdes_b", "camat"))
    assert not policy.can(sekdes_a, "minutes.view", minutes)
    assert policy.can(notulis, "minutes.view", minutes) and policy.can(camat, "minutes.view", minutes)
    services.minutes_finalise(minutes=minutes, by=world.users["pengurus"], render=False)
    minutes.refresh_from_db()
    assert policy.can(sekdes_a, "minutes.view", minutes)

