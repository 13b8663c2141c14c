import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError

from actions.models import ActionItem
from tests.trainings.factories import past_meeting
from trainings import services
from trainings.models import IssuedDocument, Minutes

pytestmark = pytest.mark.django_db


def _content(world, **over):
    data = dict(chair=world.users["pengurus"], notulis=world.users["sekdes_b"], opening="Dibuka pukul 09.00.",
                closing="Ditutup pukul 12.00.", items=[
                    {"title": "Laporan keuangan", "discussion": "Saldo kas Rp 2.500.000.", "decision": "Diterima.",
                     "follow_ups": [{"what": "Kirim rekap kas", "owner": world.users["sekdes_a"],
                                     "due_on": datetime.date(2026, 4, 1)}]},
                    {"title": "Persiapan bimtek", "discussion": "Narasumber dari DPMD.", "decision": "", "follow_ups": []},
                ])
    data.update(over)
    return data


def test_minutes_finalise_creates_action_items_and_a_stored_pdf(world):
    event = past_meeting(world)
    minutes = services.minutes_start(event=event, by=world.users["sekdes_b"])
    assert list(minutes.items.values_list("title", flat=True)) == ["Laporan keuangan", "Persiapan bimtek"]
    services.minutes_save(minutes=minutes, by=world.users["sekdes_b"], **_content(world))
    services.minutes_finalise(minutes=minutes, by=world.users["sekdes_b"])

    minutes.refresh_from_db()
    assert minutes.is_final and minutes.number.startswith("001/NOT/FOKUSS/")
    item = ActionItem.objects.get()
    assert (item.owner, item.title, item.source_label) == (world.users["sekdes_a"], "Kirim rekap kas",
                                                          "Notulen Rapat rutin Maret")
    assert item.source_url == f"/kegiatan/notulen/{minutes.pk}/"
    document = IssuedDocument.objects.get(minutes=minutes)
    assert hashlib.sha256(document.file.read()).hexdigest() == document.sha256


def test_editing_final_minutes_is_refused_and_nothing_changes(world):
    event = past_meeting(world)
    minutes = services.minutes_start(event=event, by=world.users["sekdes_b"])
    services.minutes_save(minutes=minutes, by=world.users["sekdes_b"], **_content(world))
    services.minutes_finalise(minutes=minutes, by=world.users["sekdes_b"])
    with pytest.raises(ValidationError) as exc:
        services.minutes_save(minutes=minutes, by=world.users["pengurus"],
                              **_content(world, opening="Diubah diam-diam."))
    assert "sudah final" in exc.value.messages[0]
    minutes.refresh_from_db()
    assert minutes.opening == "Dibuka pukul 09.00."
    assert minutes.items.count() == 2
    with pytest.raises(ValidationError):
        services.minutes_finalise(minutes=minutes, by=world.users["pengurus"])


def test_correction_makes_a_new_revision_without_duplicating_action_items(world):
    event = past_meeting(world)
    first = services.minutes_start(event=event, by=world.users["sekdes_b"])
    services.minutes_save(minutes=first, by=world.users["sekdes_b"], **_content(world))
    services.minutes_finalise(minutes=first, by=world.users["sekdes_b"])
    with pytest.raises(ValidationError):
        services.minutes_correct(minutes=first, by=world.users["pengurus"], note="")

    second = services.minutes_correct(minutes=first, by=world.users["pengurus"], note="Salah tulis saldo")
    data = _content(world)
    data["items"][0]["discussion"] = "Saldo kas Rp 2.750.000."
    data["items"][1]["follow_ups"] = [{"what": "Undang narasumber DPMD", "owner": world.users["pengurus"],
                                       "due_on": None}]
    services.minutes_save(minutes=second, by=world.users["pengurus"], **data)
    services.minutes_finalise(minutes=second, by=world.users["pengurus"])

    second.refresh_from_db()
    first.refresh_from_db()
    assert second.revision == 2 and second.number == f"{first.number}/Rev.2"
    assert first.is_final and first.items.first().discussion == "Saldo kas Rp 2.500.000."
    assert sorted(ActionItem.objects.values_list("title", flat=True)) == ["Kirim rekap kas", "Undang narasumber DPMD"]


def test_a_correction_takes_no_number_of_its_own(world):
    """Minutes 001 and its Rev.2 are followed by 002, not 003: no gap in the register."""
    first_event = past_meeting(world)
    first = services.minutes_start(event=first_event, by=world.users["sekdes_b"])
    services.minutes_save(minutes=first, by=world.users["sekdes_b"], **_content(world))
    services.minutes_finalise(minutes=first, by=world.users["sekdes_b"])
    second = services.minutes_correct(minutes=first, by=world.users["pengurus"], note="Salah tulis saldo")
    services.minutes_save(minutes=second, by=world.users["pengurus"], **_content(world))
    services.minutes_finalise(minutes=second, by=world.users["pengurus"])
    other = services.minutes_start(event=past_meeting(world), by=world.users["sekdes_b"])
    services.minutes_save(minutes=other, by=world.users["sekdes_b"], **_content(world))
    services.minutes_finalise(minutes=other, by=world.users["sekdes_b"])
    first.refresh_from_db()
    other.refresh_from_db()
    assert first.number.startswith("001/NOT/") and other.number.startswith("002/NOT/")


def test_minutes_without_agenda_items_are_refused(world):
    event = past_meeting(world)
    minutes = services.minutes_start(event=event, by=world.users["sekdes_b"])
    with pytest.raises(ValidationError):
        services.minutes_save(minutes=minutes, by=world.users["sekdes_b"], **_content(world, items=[]))
    assert minutes.items.count() == 2  # the draft kept its agenda
    with pytest.raises(ValidationError) as exc:
        services.minutes_save(minutes=minutes, by=world.users["sekdes_b"], **_content(world, items=[
            {"title": "X", "follow_ups": [{"what": "Tanpa pemilik", "owner": None}]}]))
    assert "penanggung jawab" in exc.value.messages[0]


def test_minutes_status_helpers(world):
    event = past_meeting(world)
    minutes = services.minutes_start(event=event, by=world.users["sekdes_b"])
    assert minutes.status == Minutes.Status.DRAFT and minutes.chair == world.users["pengurus"]
    with pytest.raises(ValidationError):
        services.minutes_start(event=event, by=world.users["sekdes_b"])
