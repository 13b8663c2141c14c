import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Delivery
from trainings import services
from trainings.models import Event, IssuedDocument, Registration

pytestmark = pytest.mark.django_db


def _times(days=10, hours=6):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return start, start + datetime.timedelta(hours=hours)


def test_event_that_ends_before_it_starts_is_refused(world):
    start, _end = _times()
    with pytest.raises(ValidationError) as exc:
        services.event_create(forum=world.forum_a, created_by=world.users["pengurus"], kind="pelatihan",
                              title="Bimtek Siskeudes", starts_at=start, ends_at=start - datetime.timedelta(hours=1),
                              venue="Aula")
    assert "Waktu selesai harus sesudah waktu mulai." in exc.value.message_dict["ends_at"]
    assert not Event.objects.exists()


def test_event_villages_of_another_forum_are_refused(world):
    start, end = _times()
    with pytest.raises(ValidationError) as exc:
        services.event_create(forum=world.forum_a, created_by=world.users["pengurus"], kind="rapat",
                              title="Rapat", starts_at=start, ends_at=end, venue="Balai desa", audience="villages",
                              audience_villages=[world.a1, world.b1])
    assert "audience_villages" in exc.value.message_dict
    assert not Event.objects.exists()


def test_event_needs_a_place_and_a_deadline_before_the_start(world):
    start, end = _times()
    with pytest.raises(ValidationError) as exc:
        services.event_create(forum=world.forum_a, created_by=world.users["pengurus"], kind="rapat", title="Rapat",
                              starts_at=start, ends_at=end, registration_deadline=start + datetime.timedelta(days=1))
    assert set(exc.value.message_dict) == {"venue", "registration_deadline"}


def test_publish_invites_the_audience_issues_the_letter_and_plans_messages(world, draft_event):
    count = services.event_publish(event=draft_event, by=world.users["pengurus"])

    assert count == 3  # the serving secretaries of a1, a2, a3
    invited = set(Registration.objects.filter(event=draft_event).values_list("person_id", flat=True))
    assert invited == {world.users[r].pk for r in ("sekdes_a", "sekdes_b", "pengurus")}
    letter = IssuedDocument.objects.get(event=draft_event, kind="undangan")
    assert letter.number.startswith("001/UND/FOKUSS/")
    assert hashlib.sha256(letter.file.read()).hexdigest() == letter.sha256
    keys = set(Delivery.objects.values_list("key", "slot", "recipient_id"))
    assert (f"event:{draft_event.pk}:invite", "invite", world.users["sekdes_a"].pk) in keys
    draft_event.refresh_from_db()
    assert draft_event.status == "published"
    with pytest.raises(ValidationError):
        services.event_publish(event=draft_event, by=world.users["pengurus"])


def test_gap_audience_uses_people_with_gap(world, draft_event, monkeypatch):
    calls = []

    def fake(*, forum, competency_code, max_level=2):
        calls.append((forum.pk, competency_code))
        return [world.users["sekdes_b"].pk]

    monkeypatch.setattr("competency.selectors.people_with_gap", fake)
    draft_event.audience, draft_event.audience_competency = "gap", "T03"
    draft_event.save()
    assert services.event_publish(event=draft_event, by=world.users["pengurus"]) == 1
    assert calls == [(world.forum_a.pk, "T03")]
    assert list(draft_event.registrations.values_list("person_id", flat=True)) == [world.users["sekdes_b"].pk]
