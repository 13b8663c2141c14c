import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionItem
from competency.models import Competency, Framework
from fokuss.ical import token_for
from members.selectors import actor_for
from tests import factories as f
from tests.trainings.factories import AttendanceFactory, EventFactory
from trainings import services
from trainings.dashboard import panels
from trainings.models import Event, Minutes, Registration

pytestmark = pytest.mark.django_db


def _many(world, n):
    """n past and upcoming events of forum A with n secretaries registered / recorded."""
    now = timezone.now()
    people = [f.TenureFactory(village=f.VillageFactory(district=world.forum_a.district)).user for _ in range(n)]
    for i in range(n):
        start = now + datetime.timedelta(days=(i % 20) - 10, hours=i)
        event = EventFactory(forum=world.forum_a, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
        Registration.objects.bulk_create([Registration(event=event, person=p) for p in people[:5]])
    event = Event.objects.filter(forum=world.forum_a).first()
    Registration.objects.bulk_create([Registration(event=event, person=p) for p in people[5:]])
    for p in people:
        AttendanceFactory(event=event, person=p, village=p.tenures.first().village)
    return event


# Exact query counts, the same with 18 and with 120+ events / people. They include what every
# signed-in request costs (session, user, the actor's posts). The event page of an overseer reads
# its audit timeline (one query).
LIST_PAGES = {"trainings:event_list": 10, "trainings:calendar": 9, "trainings:attendance_report": 10}
EVENT_PAGES = {"trainings:event_detail": 24, "trainings:attendance": 11}


@pytest.mark.parametrize("url_name", sorted(LIST_PAGES))
def test_list_pages_run_a_constant_number_of_queries(world, login, django_assert_num_queries, url_name):
    client = login(world.users["pengurus"])
    _many(world, 18)
    with django_assert_num_queries(LIST_PAGES[url_name]):
        assert client.get(reverse(url_name)).status_code == 200
    _many(world, 120)
    with django_assert_num_queries(LIST_PAGES[url_name]):
        assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("url_name", sorted(EVENT_PAGES))
def test_event_pages_run_a_constant_number_of_queries(world, login, django_assert_num_queries, url_name):
    client = login(world.users["pengurus"])
    event = _many(world, 18)
    with django_assert_num_queries(EVENT_PAGES[url_name]):
        assert client.get(reverse(url_name, args=[event.pk])).status_code == 200
    big = _many(world, 150)
    with django_assert_num_queries(EVENT_PAGES[url_name]):
        assert client.get(reverse(url_name, args=[big.pk])).status_code == 200


def test_dashboard_panel_runs_two_queries(world, rf, django_assert_num_queries):
    """The trainings card of the role dashboard: the next events and the minutes still pending."""
    request = rf.get("/")
    request.user, request.forum = world.users["pengurus"], world.forum_a
    request.actor = actor_for(request.user)
    _many(world, 18)
    with django_assert_num_queries(2):
        assert len(panels(request=request)) == 1
    _many(world, 120)
    with django_assert_num_queries(2):
        assert len(panels(request=request)) == 1


def test_event_create_form_refuses_end_before_start(world, login):
    client = login(world.users["pengurus"])
    response = client.post(reverse("trainings:event_create"), {
        "kind": "pelatihan", "title": "Bimtek", "starts_at": "2030-03-10T09:00", "ends_at": "2030-03-10T08:00",
        "venue": "Aula", "audience": "all"})
    assert response.status_code == 200
    assert "Waktu selesai harus sesudah waktu mulai." in response.content.decode()
    assert not Event.objects.exists()


def test_event_create_prefills_from_training_needs_link(world, login):
    framework = Framework.objects.create(version=1, published_at=timezone.now())
    Competency.objects.create(framework=framework, code="KOMP-KEU", name="Pengelolaan Keuangan Desa", group="Teknis")
    response = login(world.users["pengurus"]).get(reverse("trainings:event_create") + "?competency=KOMP-KEU&audience=gap")
    form = response.context["form"]
    assert form.initial["audience"] == "gap" and form.initial["audience_competency"] == "KOMP-KEU"
    assert form.initial["title"] == "Pelatihan Pengelolaan Keuangan Desa"


def test_rsvp_to_another_forums_event_is_404_and_saves_nothing(world, login):
    event = EventFactory(forum=world.forum_b)
    response = login(world.users["sekdes_a"]).post(reverse("trainings:rsvp", args=[event.pk]), {"response": "hadir"})
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_rsvp_after_deadline_shows_a_clear_message(world, login):
    event = EventFactory(forum=world.forum_a, registration_deadline=timezone.now() - datetime.timedelta(days=1))
    response = login(world.users["sekdes_a"]).post(reverse("trainings:rsvp", args=[event.pk]), {"response": "hadir"},
                                                   follow=True)
    assert "Batas konfirmasi kehadiran sudah lewat" in response.content.decode()
    assert not Registration.objects.exists()


def test_expired_checkin_code_page_and_post(world, login):
    now = timezone.now()
    event = EventFactory(forum=world.forum_a, starts_at=now - datetime.timedelta(hours=1),
                         ends_at=now + datetime.timedelta(hours=2))
    event = services.checkin_code_rotate(event=event, now=now - datetime.timedelta(minutes=30))
    client = login(world.users["sekdes_a"])
    url = reverse("trainings:checkin", args=[event.pk, event.checkin_code])
    assert "kedaluwarsa" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Kode presensi sudah kedaluwarsa" in response.content.decode()
    assert not event.attendances.exists()


def test_editing_final_minutes_via_the_form_is_refused(world, login):
    start = timezone.now() - datetime.timedelta(days=1)
    event = EventFactory(forum=world.forum_a, kind="rapat", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    minutes = services.minutes_start(event=event, by=world.users["pengurus"])
    services.minutes_finalise(minutes=minutes, by=world.users["pengurus"])
    client = login(world.users["pengurus"])
    response = client.post(reverse("trainings:minutes_edit", args=[minutes.pk]), {
        "chair": world.users["pengurus"].pk, "notulis": world.users["pengurus"].pk, "opening": "Diubah",
        "item-TOTAL_FORMS": "1", "item-INITIAL_FORMS": "0", "item-0-title": "Baru",
        "tl-TOTAL_FORMS": "0", "tl-INITIAL_FORMS": "0"}, follow=True)
    assert "sudah final" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.opening != "Diubah" and list(minutes.items.values_list("title", flat=True)) == ["Pembukaan", "Materi", "Penutup"]


def test_minutes_form_saves_and_finalises_with_follow_ups(world, login):
    start = timezone.now() - datetime.timedelta(days=1)
    event = EventFactory(forum=world.forum_a, kind="rapat", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    minutes = services.minutes_start(event=event, by=world.users["pengurus"])
    client = login(world.users["pengurus"])
    response = client.post(reverse("trainings:minutes_edit", args=[minutes.pk]), {
        "chair": world.users["pengurus"].pk, "notulis": world.users["sekdes_b"].pk, "opening": "Dibuka",
        "closing": "Ditutup", "item-TOTAL_FORMS": "2", "item-INITIAL_FORMS": "0", "item-0-title": "Laporan kas",
        "item-0-discussion": "Saldo cukup", "item-0-decision": "Diterima", "item-1-title": "",
        "tl-TOTAL_FORMS": "1", "tl-INITIAL_FORMS": "0", "tl-0-item": "1", "tl-0-what": "Kirim rekap",
        "tl-0-owner": world.users["sekdes_a"].pk, "tl-0-due_on": "2030-01-31", "finalise": "1"})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.FINAL and minutes.notulis == world.users["sekdes_b"]
    item = ActionItem.objects.get()
    assert item.owner == world.users["sekdes_a"] and item.due_on == datetime.date(2030, 1, 31)
    tasks = login(world.users["sekdes_a"]).get(reverse("actions:my_tasks")).content.decode()
    assert "Kirim rekap" in tasks


def test_verification_page_shows_no_personal_data(world, client):
    start = timezone.now() - datetime.timedelta(days=1)
    event = EventFactory(forum=world.forum_a, kind="pelatihan", starts_at=start,
                         ends_at=start + datetime.timedelta(hours=2))
    attendance = AttendanceFactory(event=event, person=world.users["sekdes_a"], village=world.a1)
    certificate = services.certificate_issue(event=event, attendance=attendance, day=timezone.localdate())
    body = client.get(reverse("trainings:verify", args=[certificate.document.code])).content.decode()
    assert certificate.number in body and certificate.document.sha256 in body
    assert "Sri Uji Wahyuni" not in body and "Kalikidang" not in body


def test_ical_feed_lists_forum_events(world, client):
    EventFactory(forum=world.forum_a, title="Bimtek Perdes")
    EventFactory(forum=world.forum_b, title="Rapat FOSKEM")
    token = token_for(world.users["sekdes_a"].pk, salt="trainings.ical")  # an address from before the one feed
    body = client.get(reverse("trainings:ical", args=[token])).content.decode()
    assert "Bimtek Perdes" in body and "Rapat FOSKEM" not in body
