"""The event's audit trail: invitation letter issued, minutes finalised and corrected,
certificates started and issued; shown on the event and minutes pages to overseers only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.selectors import audit_timeline
from tests.trainings.factories import EventFactory
from trainings import services

pytestmark = pytest.mark.django_db


def _meeting(world, kind="rapat"):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(forum=world.forum_a, kind=kind, title="Rapat rutin Maret", starts_at=start,
                         ends_at=start + datetime.timedelta(hours=3), agenda="Laporan keuangan")
    for role in ("sekdes_a", "pengurus"):
        services.attendance_mark(event=event, person_id=world.users[role].pk, status="hadir", by=world.users["pengurus"])
    return event


def _final_minutes(world, event):
    minutes = services.minutes_start(event=event, by=world.users["pengurus"])
    services.minutes_save(minutes=minutes, by=world.users["pengurus"], chair=world.users["pengurus"],
                          notulis=world.users["sekdes_a"], opening="Dibuka.", closing="Ditutup.",
                          items=[{"title": "Laporan keuangan", "discussion": "Saldo kas.", "decision": "Diterima.",
                                  "follow_ups": []}])
    services.minutes_finalise(minutes=minutes, by=world.users["pengurus"])
    minutes.refresh_from_db()
    return minutes


def test_minutes_finalised_and_corrected_are_on_the_event(world):
    event = _meeting(world)
    first = _final_minutes(world, event)
    second = services.minutes_correct(minutes=first, by=world.users["pengurus"], note="Salah tulis saldo")
    corrected, finalised = list(audit_timeline(event))
    assert (finalised.action, finalised.actor, finalised.data["minutes"], finalised.data["number"]) == (
        "minutes.finalised", world.users["pengurus"], first.pk, first.number)
    assert (corrected.action, corrected.data["minutes"], corrected.data["supersedes"], corrected.data["note"]) == (
        "minutes.corrected", second.pk, first.pk, "Salah tulis saldo")
    assert finalised.forum_id == world.forum_a.pk


def test_publishing_records_the_invitation_letter(world):
    start = timezone.now() + datetime.timedelta(days=10)
    event = EventFactory(forum=world.forum_a, status="draft", starts_at=start, ends_at=start + datetime.timedelta(hours=6),
                         registration_deadline=start - datetime.timedelta(days=2))
    services.event_publish(event=event, by=world.users["pengurus"])
    (entry,) = audit_timeline(event)
    assert (entry.action, entry.actor, entry.data["kind"]) == ("document.issued", world.users["pengurus"], "undangan")
    assert entry.data["number"].startswith("001/UND/")


def test_a_certificate_run_records_its_start_and_one_entry_for_the_certificates(world):
    event = _meeting(world, kind="pelatihan")
    run = services.certificate_run_start(event=event, by=world.users["pengurus"])
    services.certificate_run_execute(run_id=run.pk)
    issued, started = list(audit_timeline(event))
    assert (started.action, started.actor, started.data) == ("certificate.run_started", world.users["pengurus"],
                                                             {"run": run.pk, "total": 2})
    assert (issued.action, issued.actor, issued.data) == ("certificate.issued", world.users["pengurus"],
                                                          {"run": run.pk, "count": 2})


@pytest.mark.parametrize("role, sees", [("pengurus", True), ("camat", True), ("sekdes_a", False),
                                        ("pendamping", False)])
def test_event_and_minutes_pages_show_the_timeline_to_overseers(world, login, role, sees):
    event = _meeting(world)
    minutes = _final_minutes(world, event)
    client = login(world.users[role])
    for url in (reverse("trainings:event_detail", kwargs={"pk": event.pk}),
                reverse("trainings:minutes_detail", kwargs={"pk": minutes.pk})):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert ('data-testid="audit-timeline"' in html) is sees, url
        assert ("Notulen difinalkan" in html) is sees, url
