"""Daily work without dead ends: recording a meeting that already took place, the confirmation
before inviting, the event page after the event, the RSVP card's current answer, the minutes
editor's rows added without saving, certificates (the person's own page, the counting, the
progress bar) and empty states that offer the next action."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Channel, Delivery
from notifications.selectors import channel_reach
from tests.trainings.factories import AttendanceFactory, EventFactory
from trainings import selectors, services
from trainings.models import (
    AgendaItem,
    Attendance,
    Certificate,
    CertificateRun,
    Event,
    FollowUp,
    IssuedDocument,
)

pytestmark = pytest.mark.django_db


def _past_draft(world, **kw):
    start = timezone.now() - datetime.timedelta(days=3)
    return EventFactory(forum=world.forum_a, kind="rapat", status="draft", title="Rapat Rutin Oktober",
                        starts_at=start, ends_at=start + datetime.timedelta(hours=3), **kw)


def _event_data(**overrides):
    start = timezone.localtime() - datetime.timedelta(days=5)
    data = {"kind": "rapat", "title": "Rapat Rutin FOKUSS Oktober", "description": "",
            "starts_at": start.strftime("%Y-%m-%dT09:00"), "ends_at": start.strftime("%Y-%m-%dT12:00"),
            "venue": "Balai Desa Kalikidang", "audience": "all", "agenda": "Pembukaan\nLaporan pengurus"}
    data.update(overrides)
    return data


# --- record a meeting that already happened --------------------------------------------------

def test_record_held_marks_a_past_draft_without_inviting_anyone(world):
    event = _past_draft(world)
    held = services.event_record_held(event=event, by=world.users["pengurus"])
    assert held.status == Event.Status.HELD
    assert held.takes_place
    assert not held.registrations.exists()
    assert not Delivery.objects.filter(key__startswith=f"event:{event.pk}:").exists()
    assert not IssuedDocument.objects.filter(event=event, kind=IssuedDocument.Kind.UNDANGAN).exists()


def test_record_held_refuses_an_event_not_yet_over_or_not_a_draft(world, draft_event):
    with pytest.raises(ValidationError, match="belum selesai"):
        services.event_record_held(event=draft_event, by=world.users["pengurus"])
    event = _past_draft(world)
    event.status = Event.Status.CANCELLED
    event.save()
    with pytest.raises(ValidationError, match="Hanya draf"):
        services.event_record_held(event=event, by=world.users["pengurus"])


def test_event_create_record_held_refuses_a_future_end(world):
    start = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.event_create(forum=world.forum_a, created_by=world.users["pengurus"], record_held=True, kind="rapat",
                              title="Rapat", starts_at=start, ends_at=start + datetime.timedelta(hours=2), venue="Balai")
    assert "ends_at" in exc.value.message_dict
    assert not Event.objects.filter(title="Rapat").exists()


def test_board_records_a_past_meeting_from_the_form(world, login):
    client = login(world.users["pengurus"])
    page = client.get(reverse("trainings:event_create") + "?terlaksana=1").content.decode()
    assert "Catat kegiatan yang sudah berlangsung" in page and 'name="record_held"' in page
    assert 'name="registration_deadline"' not in page  # nothing about invitations
    response = client.post(reverse("trainings:event_create") + "?terlaksana=1", {**_event_data(), "record_held": "1"})
    event = Event.objects.get(title="Rapat Rutin FOKUSS Oktober")
    assert response.status_code == 302 and response["Location"] == reverse("trainings:event_detail", args=[event.pk])
    assert event.status == Event.Status.HELD
    page = client.get(response["Location"]).content.decode()
    assert "Isi daftar hadir" in page and "Tulis notulen" in page
    assert "Batalkan kegiatan" not in page and "Umumkan &amp; undang" not in page


def test_record_held_form_with_a_future_date_says_why(world, login):
    client = login(world.users["pengurus"])
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    response = client.post(reverse("trainings:event_create"), {
        **_event_data(starts_at=tomorrow.strftime("%Y-%m-%dT09:00"), ends_at=tomorrow.strftime("%Y-%m-%dT12:00")),
        "record_held": "1"})
    assert response.status_code == 200
    assert "harus sudah selesai" in response.content.decode()
    assert not Event.objects.filter(title="Rapat Rutin FOKUSS Oktober").exists()


def test_past_draft_page_offers_record_held_and_the_post_records_it(world, login):
    event = _past_draft(world)
    client = login(world.users["pengurus"])
    page = client.get(reverse("trainings:event_detail", args=[event.pk])).content.decode()
    assert "Catat sebagai terlaksana" in page and 'data-testid="publish"' not in page
    response = client.post(reverse("trainings:event_record_held", args=[event.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.HELD
    # a second time: refused with a message, not an error page
    response = client.post(reverse("trainings:event_record_held", args=[event.pk]), follow=True)
    assert "Hanya draf kegiatan" in response.content.decode()


def test_held_meeting_attendance_sheet_lists_the_secretaries_of_the_day(world):
    event = services.event_record_held(event=_past_draft(world), by=world.users["pengurus"])
    rows = selectors.attendance_sheet(event=event)
    assert {r.person_id for r in rows} == {world.users[r].pk for r in ("sekdes_a", "sekdes_b", "pengurus")}
    assert all(r.attendance is None and r.response == "" for r in rows)
    services.attendance_mark(event=event, person_id=world.users["sekdes_a"].pk, status="hadir",
                             by=world.users["pengurus"])
    assert services.attendance_fill_absent(event=event, by=world.users["pengurus"]) == 2
    statuses = dict(event.attendances.values_list("person__full_name", "status"))
    assert statuses == {"Sri Uji Wahyuni": "hadir", "Yuli Uji Kartika": "alpa", "Bambang Uji Ketua": "alpa"}


def test_held_meeting_minutes_are_written_and_finalised(world):
    today = timezone.localdate()

    def events_counted():
        return selectors.attendance_rates(forum=world.forum_a, start=today - datetime.timedelta(days=10), end=today)[2]

    draft = _past_draft(world)
    before = events_counted()
    event = services.event_record_held(event=draft, by=world.users["pengurus"])
    assert events_counted() == before + 1  # a held meeting counts in the attendance rates
    minutes = services.minutes_start(event=event, by=world.users["pengurus"])
    assert list(minutes.items.values_list("title", flat=True)) == ["Pembukaan", "Materi", "Penutup"]
    services.minutes_finalise(minutes=minutes, by=world.users["pengurus"], render=False)
    minutes.refresh_from_db()
    assert minutes.is_final and minutes.number
    assert event not in selectors.minutes_pending(forum=world.forum_a, now=timezone.now())


def test_held_meeting_without_final_minutes_is_pending(world):
    event = services.event_record_held(event=_past_draft(world), by=world.users["pengurus"])
    assert event in selectors.minutes_pending(forum=world.forum_a, now=timezone.now())


def test_members_see_a_held_meeting_drafts_they_do_not(world, login):
    event = _past_draft(world)
    client = login(world.users["sekdes_a"])
    assert client.get(reverse("trainings:event_detail", args=[event.pk])).status_code == 403
    services.event_record_held(event=event, by=world.users["pengurus"])
    page = client.get(reverse("trainings:event_detail", args=[event.pk])).content.decode()
    assert "terlaksana" in page and 'data-testid="rsvp-form"' not in page


# --- publishing asks first --------------------------------------------------------------------

def test_publish_confirmation_shows_count_and_channels_and_sends_nothing(world, login, draft_event):
    user = world.users["sekdes_a"]
    user.email, user.whatsapp = "sri@contoh.test", ""
    user.save()
    client = login(world.users["pengurus"])
    page = client.get(reverse("trainings:event_publish", args=[draft_event.pk])).content.decode()
    assert "Undangan akan dikirim ke 3 orang." in page
    reach = channel_reach(user_ids=selectors.audience_ids(event=draft_event))
    assert reach[Channel.INAPP] == 3 and reach[Channel.EMAIL] >= 1
    for label, channel in (("Notifikasi di portal", "inapp"), ("Email", "email"), ("WhatsApp", "whatsapp")):
        assert f"{label}: <strong>{reach[channel]}</strong>" in page
    assert "Ya, kirim undangan ke 3 orang" in page
    draft_event.refresh_from_db()
    assert draft_event.status == "draft" and not draft_event.registrations.exists()
    assert not Delivery.objects.exists()
    response = client.post(reverse("trainings:event_publish", args=[draft_event.pk]))
    assert response.status_code == 302
    draft_event.refresh_from_db()
    assert draft_event.status == "published" and draft_event.registrations.count() == 3


def test_event_page_links_to_the_confirmation_not_a_direct_post(world, login, draft_event):
    page = login(world.users["pengurus"]).get(reverse("trainings:event_detail", args=[draft_event.pk])).content.decode()
    assert f'href="{reverse("trainings:event_publish", args=[draft_event.pk])}" data-testid="publish"' in page


def test_publish_confirmation_of_a_started_event_explains_instead(world, login):
    event = _past_draft(world)
    page = login(world.users["pengurus"]).get(reverse("trainings:event_publish", args=[event.pk])).content.decode()
    assert "catat sebagai terlaksana" in page and "Ya, kirim undangan" not in page


def test_channel_reach_counts_each_channel(world):
    a, b = world.users["sekdes_a"], world.users["sekdes_b"]
    a.email, b.email = "a@contoh.test", ""
    a.whatsapp = b.whatsapp = ""
    a.save()
    b.save()
    reach = channel_reach(user_ids=[a.pk, b.pk])
    assert reach[Channel.INAPP] == 2 and reach[Channel.EMAIL] == 1 and reach[Channel.WHATSAPP] == 0
    assert channel_reach(user_ids=[]) == {Channel.INAPP: 0, Channel.EMAIL: 0, Channel.WHATSAPP: 0}


# --- after the event ----------------------------------------------------------------------------

def _ended(world):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(forum=world.forum_a, starts_at=start, ends_at=start + datetime.timedelta(hours=4))
    AttendanceFactory(event=event, person=world.users["sekdes_a"], status="hadir")
    AttendanceFactory(event=event, person=world.users["sekdes_b"], status="izin")
    return event


def test_ended_event_shows_attendance_summary_and_no_cancel(world, login):
    event = _ended(world)
    page = login(world.users["pengurus"]).get(reverse("trainings:event_detail", args=[event.pk])).content.decode()
    assert 'data-testid="attendance-summary"' in page and 'data-testid="rsvp-counts"' not in page
    assert "Kehadiran peserta" in page and "Konfirmasi peserta" not in page
    assert "Batalkan kegiatan" not in page


def test_upcoming_event_keeps_the_rsvp_counts_and_cancel(world, login):
    start = timezone.now() + datetime.timedelta(days=4)
    event = EventFactory(forum=world.forum_a, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    page = login(world.users["pengurus"]).get(reverse("trainings:event_detail", args=[event.pk])).content.decode()
    assert 'data-testid="rsvp-counts"' in page and "Batalkan kegiatan" in page


def test_cancelling_an_ended_event_is_refused(world):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(forum=world.forum_a, starts_at=start, ends_at=start + datetime.timedelta(hours=4))
    with pytest.raises(ValidationError, match="sudah berlangsung"):
        services.event_cancel(event=event, by=world.users["pengurus"])


# --- the RSVP card --------------------------------------------------------------------------------

def test_rsvp_card_shows_the_current_answer_and_preselects_it(world, login):
    start = timezone.now() + datetime.timedelta(days=6)
    event = EventFactory(forum=world.forum_a, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    client = login(world.users["sekdes_a"])
    page = client.get(reverse("trainings:event_detail", args=[event.pk])).content.decode()
    assert "Anda belum menjawab undangan ini." in page and "Kirim jawaban" in page
    services.rsvp_respond(event=event, person=world.users["sekdes_a"], response="izin", reason="Musdes")
    page = client.get(reverse("trainings:event_detail", args=[event.pk])).content.decode()
    answer = page.split('data-testid="my-answer"')[1].split("</p>")[0]
    assert "Izin" in answer and "Musdes" in answer and "dikirim" in answer
    assert "Ubah jawaban" in page and "Simpan jawaban baru" in page
    radios = {m.group(1): "checked" in m.group(0) for m in re.finditer(r'<input[^>]*value="(\w+)"[^>]*>', page)
              if 'name="response"' in m.group(0)}
    assert radios == {"hadir": False, "izin": True, "tidak_hadir": False}


# --- minutes editor ---------------------------------------------------------------------------------

def _minutes(world):
    event = _ended(world)
    return services.minutes_start(event=event, by=world.users["pengurus"])


def _minutes_post(minutes, items, follow_ups, **extra):
    data = {"chair": minutes.chair_id or "", "notulis": minutes.notulis_id, "opening": "Dibuka", "closing": "",
            "item-TOTAL_FORMS": str(len(items)), "item-INITIAL_FORMS": "0",
            "tl-TOTAL_FORMS": str(len(follow_ups)), "tl-INITIAL_FORMS": "0"}
    for i, title in enumerate(items):
        data.update({f"item-{i}-title": title, f"item-{i}-discussion": "", f"item-{i}-decision": ""})
    for i, (item, what, owner) in enumerate(follow_ups):
        data.update({f"tl-{i}-item": item, f"tl-{i}-what": what, f"tl-{i}-owner": owner, f"tl-{i}-due_on": ""})
    data.update(extra)
    return data


def test_add_agenda_item_without_saving_and_choose_it_for_a_follow_up(world, login):
    minutes = _minutes(world)
    minutes.chair = world.users["pengurus"]
    minutes.save()
    client = login(world.users["pengurus"])
    url = reverse("trainings:minutes_edit", args=[minutes.pk])
    before = list(AgendaItem.objects.filter(minutes=minutes).values_list("title", flat=True))
    response = client.post(url, _minutes_post(minutes, ["Pembukaan", "Iuran kas forum"], [("", "", "")],
                                              add_item="1"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="item-form"') == 3  # one more row, nothing saved
    assert list(AgendaItem.objects.filter(minutes=minutes).values_list("title", flat=True)) == before
    assert 'value="Iuran kas forum"' in page
    assert '<option value="2">2. Iuran kas forum</option>' in page  # choosable at once
    assert "autofocus" in page.split('name="item-2-title"')[0].rsplit("<input", 1)[1] + \
        page.split('name="item-2-title"')[1].split(">")[0]
    # save: the follow-up is linked to the item chosen
    owner = world.users["sekdes_b"].pk
    response = client.post(url, _minutes_post(minutes, ["Pembukaan", "Iuran kas forum", "Lain-lain"],
                                              [("2", "Setor iuran", owner)]))
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(item__minutes=minutes)
    assert follow_up.item.title == "Iuran kas forum" and follow_up.owner_id == owner


def test_add_follow_up_row_without_saving(world, login):
    minutes = _minutes(world)
    client = login(world.users["pengurus"])
    url = reverse("trainings:minutes_edit", args=[minutes.pk])
    response = client.post(url, _minutes_post(minutes, ["Pembukaan"], [("1", "Tulis surat", "")], add_tl="1"))
    page = response.content.decode()
    assert page.count('data-testid="followup-form"') == 2 and 'value="Tulis surat"' in page
    assert not FollowUp.objects.filter(item__minutes=minutes).exists()


@pytest.mark.parametrize("item", ["99", "abc", "-1", "1e3", "\x00"])
def test_follow_up_with_a_bad_agenda_item_is_refused_politely(world, login, item):
    minutes = _minutes(world)
    client = login(world.users["pengurus"])
    response = client.post(reverse("trainings:minutes_edit", args=[minutes.pk]),
                           _minutes_post(minutes, ["Pembukaan"], [(item, "Tulis surat", world.users["sekdes_b"].pk)]))
    assert response.status_code == 200
    assert not FollowUp.objects.filter(item__minutes=minutes).exists()


@pytest.mark.parametrize("total", ["abc", "-5", "99999", ""])
def test_add_row_with_a_bad_form_count_never_fails(world, login, total):
    minutes = _minutes(world)
    client = login(world.users["pengurus"])
    data = _minutes_post(minutes, ["Pembukaan"], [], add_item="1")
    data["item-TOTAL_FORMS"] = total
    assert client.post(reverse("trainings:minutes_edit", args=[minutes.pk]), data).status_code == 200


# --- certificates ------------------------------------------------------------------------------------

def _training_with_certificates(world, issued=True):
    event = _ended(world)
    attendance = Attendance.objects.get(event=event, person=world.users["sekdes_a"])
    if issued:
        services.certificate_issue(event=event, attendance=attendance, day=timezone.localdate(), render=False)
    return event


def test_certificate_page_counts_only_attendees_and_does_not_contradict_itself(world, login):
    event = _training_with_certificates(world)
    page = login(world.users["pengurus"]).get(reverse("trainings:certificates", args=[event.pk])).content.decode()
    assert "1 dari 1 peserta hadir sudah bersertifikat." in page
    assert "Belum ada sertifikat yang dibuat" not in page
    assert 'data-testid="generate-certificates"' not in page


def test_certificate_page_without_certificates_offers_to_make_them(world, login):
    event = _training_with_certificates(world, issued=False)
    page = login(world.users["pengurus"]).get(reverse("trainings:certificates", args=[event.pk])).content.decode()
    assert "Belum ada sertifikat yang dibuat untuk 1 peserta hadir." in page
    assert "dari 1 peserta hadir sudah bersertifikat" not in page
    assert "Buat 1 sertifikat" in page


def test_certificate_page_without_attendees_points_to_the_attendance_sheet(world, login):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(forum=world.forum_a, starts_at=start, ends_at=start + datetime.timedelta(hours=4))
    page = login(world.users["pengurus"]).get(reverse("trainings:certificates", args=[event.pk])).content.decode()
    assert "Belum ada peserta yang tercatat hadir" in page
    assert reverse("trainings:attendance", args=[event.pk]) in page


def test_progress_bar_is_visible_while_a_run_is_going(world, login):
    event = _training_with_certificates(world, issued=False)
    CertificateRun.objects.create(event=event, total=1, status=CertificateRun.Status.QUEUED)
    client = login(world.users["pengurus"])
    for url in (reverse("trainings:certificates", args=[event.pk]),
                reverse("trainings:certificates_progress", args=[event.pk])):
        page = client.get(url).content.decode()
        bar = page.split('data-testid="cert-progress-bar"')[1].split("</div></div>")[0]
        assert "min-width" in bar and "0%" in bar  # a visible stub even at 0 %
        assert 'hx-trigger="every 2s"' in page
        assert "Menunggu giliran" in page
        assert 'data-testid="generate-certificates"' not in page  # no second run while one is going


def test_finished_run_stops_polling(world, login):
    event = _training_with_certificates(world)
    CertificateRun.objects.create(event=event, total=1, done=1, status=CertificateRun.Status.DONE,
                                  finished_at=timezone.now())
    page = login(world.users["pengurus"]).get(reverse("trainings:certificates_progress", args=[event.pk]),
                                              HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in page and "Muat ulang daftar sertifikat" in page


def test_my_certificates_lists_only_ones_own(world, login):
    event = _training_with_certificates(world)
    certificate = Certificate.objects.get(event=event)
    page = login(world.users["sekdes_a"]).get(reverse("trainings:my_certificates")).content.decode()
    assert certificate.number in page and reverse("trainings:certificate_pdf", args=[certificate.pk]) in page
    page = login(world.users["sekdes_b"]).get(reverse("trainings:my_certificates")).content.decode()
    assert certificate.number not in page
    assert "Belum ada sertifikat atas nama Anda." in page and "Lihat kegiatan mendatang" in page


def test_my_certificates_is_in_the_menu(world, login):
    page = login(world.users["sekdes_a"]).get(reverse("trainings:event_list")).content.decode()
    assert reverse("trainings:my_certificates") in page and "Sertifikat saya" in page


def test_my_certificates_constant_queries(world, login, django_assert_num_queries):
    client = login(world.users["sekdes_a"])
    person = world.users["sekdes_a"]
    url = reverse("trainings:my_certificates")
    client.get(url)

    def grow(n):
        for _ in range(n):
            start = timezone.now() - datetime.timedelta(days=30)
            event = EventFactory(forum=world.forum_a, starts_at=start, ends_at=start + datetime.timedelta(hours=4))
            attendance = AttendanceFactory(event=event, person=person, status="hadir")
            services.certificate_issue(event=event, attendance=attendance, day=timezone.localdate(), render=False)

    grow(3)
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
    grow(37)
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.content.decode().count('data-testid="certificate-row"') == 40


def test_profile_certificate_number_links_to_the_pdf(world, login):
    event = _training_with_certificates(world)
    certificate = Certificate.objects.get(event=event)
    a = world.users["sekdes_a"]
    page = login(a).get(reverse("reports:person_profile", args=[a.pk])).content.decode()
    assert f'href="{reverse("trainings:certificate_pdf", args=[certificate.pk])}"' in page
    assert certificate.number in page


# --- empty states -----------------------------------------------------------------------------------

def test_empty_event_list_offers_the_next_action(world, login):
    long_ago = timezone.now() - datetime.timedelta(days=3000)
    Event.objects.filter(starts_at__gt=timezone.now()).update(starts_at=long_ago,
                                                               ends_at=long_ago + datetime.timedelta(hours=2))
    board = login(world.users["pengurus"]).get(reverse("trainings:event_list")).content.decode()
    upcoming = board.split('data-testid="upcoming-empty"')[1].split("</div>")[0]
    assert reverse("trainings:event_create") in upcoming
    assert "Catat rapat yang sudah berlangsung" in board
    member = login(world.users["sekdes_b"]).get(reverse("trainings:event_list")).content.decode()
    upcoming = member.split('data-testid="upcoming-empty"')[1].split("</div>")[0]
    assert reverse("trainings:calendar") in upcoming and reverse("trainings:event_create") not in member
