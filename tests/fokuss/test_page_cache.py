"""Whole pages cached per person (fokuss/page_cache.py): which pages, what passes the cache by,
and that a change made through a service shows on the very next request."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from fokuss import page_cache
from fokuss.page_cache import HIT_HEADER, page_key
from members import services as member_services
from members.models import AuditEntry, ProfileView
from notifications.models import Notification
from notifications.services import notification_mark_read
from reports import selectors as report_selectors
from reports import services as report_services
from tests import factories as f
from tests.trainings.factories import EventFactory, RegistrationFactory
from trainings import services as training_services
from trainings.models import Registration

pytestmark = pytest.mark.django_db

# Every main page that is cached, as (role, url); each must be served from the cache the second time.
PAGES = [
    ("sekdes_a", lambda w: reverse("members:dashboard")),
    ("pengurus", lambda w: reverse("members:dashboard")),
    ("camat", lambda w: reverse("members:dashboard")),
    ("pendamping", lambda w: reverse("members:dashboard")),
    ("kabupaten", lambda w: reverse("members:dashboard")),
    ("sekdes_a", lambda w: reverse("obligations:my_deadlines")),
    ("pengurus", lambda w: reverse("obligations:matrix")),
    ("pengurus", lambda w: reverse("obligations:missing")),
    ("pengurus", lambda w: reverse("competency:heatmap")),
    ("pengurus", lambda w: reverse("reports:person_profile", args=[w.users["sekdes_a"].pk])),
    ("sekdes_b", lambda w: reverse("members:directory")),
    ("pengurus", lambda w: reverse("reports:village_profile", args=[w.a1.code])),
    ("pengurus", lambda w: reverse("trainings:event_list")),
    ("pengurus", lambda w: reverse("trainings:event_detail", args=[w.event.pk])),
    ("pengurus", lambda w: reverse("mentoring:index")),
    ("pengurus", lambda w: reverse("reports:capacity")),
]


@pytest.fixture
def world_with_event(world):
    world.event = EventFactory(forum=world.forum_a, created_by=world.users["pengurus"])
    return world


@pytest.mark.parametrize("role, url", PAGES)
def test_the_second_request_is_the_first_page_from_the_cache(world_with_event, login, role, url,
                                                              django_assert_num_queries):
    client = login(world_with_event.users[role])
    path = url(world_with_event)
    first = client.get(path)
    assert first.status_code == 200 and HIT_HEADER not in first
    with django_assert_num_queries(1):  # the user of the session; the view does not run
        second = client.get(path)
    assert second[HIT_HEADER] == "hit" and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_pages_are_per_person(world, login):
    client = login(world.users["pengurus"])
    board = client.get(reverse("members:dashboard")).content.decode()
    client = login(world.users["camat"])
    response = client.get(reverse("members:dashboard"))
    assert HIT_HEADER not in response and response.content.decode() != board


def test_no_csrf_cookie_no_cache(world, login):
    """The page's forms carry tokens of the CSRF secret: without one there is nothing to key it by."""
    client = login(world.users["pengurus"])
    for _ in range(3):
        del client.cookies[settings.CSRF_COOKIE_NAME]
        assert HIT_HEADER not in client.get(reverse("members:dashboard"))


def test_another_csrf_secret_is_another_page_whose_forms_still_work(world, login):
    client = login(world.users["pengurus"])
    client.get(reverse("members:dashboard"))
    client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
    assert HIT_HEADER not in client.get(reverse("members:dashboard"))


def test_htmx_requests_and_posts_pass_the_cache_by(world, login):
    client = login(world.users["pengurus"])
    url = reverse("members:dashboard")
    client.get(url)
    assert HIT_HEADER not in client.get(url, headers={"HX-Request": "true"})
    request = RequestFactory().post(url)
    request.user, request.forum = world.users["pengurus"], world.forum_a
    request.COOKIES[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"] = _get_new_csrf_string()
    assert page_key(request) is None
    request.user = AnonymousUser()
    request.method = "GET"
    assert page_key(request) is None


def test_a_waiting_flash_message_is_shown_not_a_cached_page(world, login):
    client = login(world.users["sekdes_a"])
    client.get(reverse("members:dashboard"))
    response = client.post(reverse("notifications:preferences"), {"email": "on", "digest": ""})
    assert response.status_code == 302
    page = client.get(reverse("members:dashboard"))
    assert HIT_HEADER not in page and "Preferensi notifikasi disimpan." in page.content.decode()
    assert "Preferensi notifikasi disimpan." not in client.get(reverse("members:dashboard")).content.decode()


def test_a_page_that_adds_a_message_is_not_stored(world, login):
    """``?dampingan=1`` for someone who is no pendamping shows every village with a warning."""
    client = login(world.users["pengurus"])
    for _ in range(2):
        response = client.get(reverse("members:directory") + "?dampingan=1")
        assert HIT_HEADER not in response and "Desa dampingan saya" in response.content.decode()


def test_error_pages_are_not_stored(world, login):
    client = login(world.users["pengurus"])
    url = reverse("reports:person_profile", args=[world.users["other_forum"].pk])
    assert client.get(url).status_code == 404
    assert HIT_HEADER not in client.get(url) and client.get(url).status_code == 404


def test_hostile_query_strings_are_keyed_not_served_from_another_address(world, login):
    client = login(world.users["pengurus"])
    url = reverse("obligations:matrix")
    client.get(url + "?tahun=2026")
    for query in ("?tahun=9999", "?tahun=NaN", "?tahun=%00", "?tahun=2026&x=" + "A" * 5000):
        response = client.get(url + query)
        assert HIT_HEADER not in response and response.status_code in (200, 400)


def test_the_time_of_day_is_part_of_the_dashboards_key(world, login, monkeypatch):
    client = login(world.users["pengurus"])
    client.get(reverse("members:dashboard"))
    later = timezone.localtime() + datetime.timedelta(minutes=1)
    monkeypatch.setattr(page_cache.timezone, "localtime", lambda *a: later)
    assert HIT_HEADER not in client.get(reverse("members:dashboard"))


def test_another_language_is_another_page(world, login):
    user = world.users["sekdes_a"]
    client = login(user)
    assert "Tenggat" in client.get(reverse("obligations:my_deadlines")).content.decode()
    member_services.user_update_profile(user=user, full_name=user.full_name, whatsapp=user.whatsapp, language="en")
    response = client.get(reverse("obligations:my_deadlines"))
    assert HIT_HEADER not in response and 'lang="en"' in response.content.decode()


# A change through a service shows on the next request ---------------------------------------------

def test_the_bell_counts_a_new_notification_and_forgets_it_once_read(world, login):
    user = world.users["sekdes_a"]
    client = login(user)
    assert 'data-testid="unread-count"' not in client.get(reverse("members:dashboard")).content.decode()
    Notification.objects.create(recipient=user, title="Tenggat besok")  # as the in-app channel writes it
    page = client.get(reverse("members:dashboard")).content.decode()
    assert 'data-testid="unread-count">1<' in page
    notification_mark_read(user=user)
    assert 'data-testid="unread-count"' not in client.get(reverse("members:dashboard")).content.decode()


def test_someone_elses_notification_keeps_my_page(world, login):
    client = login(world.users["sekdes_a"])
    client.get(reverse("members:dashboard"))
    Notification.objects.create(recipient=world.users["sekdes_b"], title="Bukan untuk Sri")
    assert client.get(reverse("members:dashboard"))[HIT_HEADER] == "hit"


def test_the_capacity_page_follows_my_draft_pdf(world, login):
    user = world.users["pengurus"]
    client = login(user)
    url = reverse("reports:capacity")
    assert 'data-testid="file-download"' not in client.get(url).content.decode()
    period = report_selectors.current_period(today=timezone.localdate())
    draft = report_services.capacity_draft_request(forum=world.forum_a, period=period, by=user)
    assert "PDF sedang dibuat" in client.get(url).content.decode()
    report_services._progress(draft, 50)
    assert ">50%<" in client.get(url).content.decode()
    report_services.report_file_fail(file_id=draft.pk, error="uji")
    assert "Pembuatan PDF gagal" in client.get(url).content.decode()


def test_the_capacity_page_shows_a_saved_narrative(world, login):
    user = world.users["pengurus"]
    client = login(user)
    url = reverse("reports:capacity")
    client.get(url)
    period = report_selectors.current_period(today=timezone.localdate())
    fields = {name: "" for name in report_services.NARRATIVE_FIELDS}
    fields[report_services.NARRATIVE_FIELDS[0]] = "Uraian baru yang tersimpan"
    report_services.capacity_report_save(forum=world.forum_a, period=period, by=user, **fields)
    assert "Uraian baru yang tersimpan" in client.get(url).content.decode()


def test_the_event_page_shows_an_answer_on_the_next_request(world_with_event, login):
    world, event = world_with_event, world_with_event.event
    RegistrationFactory(event=event, person=world.users["sekdes_a"])
    client = login(world.users["pengurus"])
    url = reverse("trainings:event_detail", args=[event.pk])
    before = client.get(url).content.decode()
    training_services.rsvp_respond(event=event, person=world.users["sekdes_a"], response=Registration.Response.IZIN,
                                   reason="Musdes di balai desa")
    after = client.get(url)
    assert HIT_HEADER not in after and after.content.decode() != before


def test_hiding_a_whatsapp_number_shows_in_the_directory_at_once(world, login):
    sri = world.users["sekdes_a"]
    client = login(world.users["sekdes_b"])
    assert sri.whatsapp_link in client.get(reverse("members:directory")).content.decode()
    member_services.user_set_whatsapp_visibility(user=sri, visibility="nobody")
    assert sri.whatsapp_link not in client.get(reverse("members:directory")).content.decode()


def _browser(user) -> Client:
    """A second signed-in browser beside the ``login`` fixture's client."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
    return client


def test_a_profile_view_is_recorded_once_a_day_and_shown_at_once(world):
    person = world.users["sekdes_a"]
    url = reverse("reports:person_profile", args=[person.pk])
    board, camat = _browser(world.users["pengurus"]), _browser(world.users["camat"])
    assert board.get(url).status_code == 200 and board.get(url)[HIT_HEADER] == "hit"
    for _ in range(3):
        assert camat.get(url).status_code == 200
    member_services.profile_view_record(viewer=world.users["camat"], person=person, forum=world.forum_a)
    assert ProfileView.objects.filter(viewer=world.users["camat"]).count() == 1
    assert AuditEntry.objects.filter(action="profile.viewed", actor=world.users["camat"]).count() == 1
    response = board.get(url)
    html = response.content.decode()
    assert HIT_HEADER not in response
    assert "Profil kompetensi dilihat" in html and world.users["camat"].full_name in html


def test_the_kabupaten_roll_up_follows_every_forum_it_shows(world, login):
    """The roll-up reads the forums of the whole kabupaten: a change in another forum than the
    user's current one shows on the next request too."""
    client = login(world.users["kabupaten"])
    url = reverse("reports:kabupaten")
    first = client.get(url)
    assert first.status_code == 200 and client.get(url)[HIT_HEADER] == "hit"
    f.TenureFactory(village=f.VillageFactory(district=world.b1.district, code="33.02.20.2009", name="Desa Baru Uji"))
    again = client.get(url)
    assert HIT_HEADER not in again and again.content != first.content


def test_the_admins_roll_up_over_every_forum_is_never_cached(world, login):
    admin = f.UserFactory(is_superuser=True, is_staff=True)
    f.give_totp(admin)
    client = login(admin)
    url = reverse("reports:kabupaten")
    responses = [client.get(url) for _ in range(2)]
    assert all(r.status_code == 200 and HIT_HEADER not in r for r in responses)


def test_a_vacancy_shows_on_the_capacity_page_and_the_roll_up_at_once(world, login):
    """Figures computed once for the forum's readers (capacity report, kabupaten roll-up) follow a
    change in who serves."""
    from members.models import SecretaryTenure

    board = _browser(world.users["pengurus"])
    kabupaten = _browser(world.users["kabupaten"])
    capacity, rollup = reverse("reports:capacity"), reverse("reports:kabupaten")
    before = (board.get(capacity).content, kabupaten.get(rollup).content)
    assert board.get(capacity)[HIT_HEADER] == "hit" and kabupaten.get(rollup)[HIT_HEADER] == "hit"
    member_services.tenure_close(tenure=SecretaryTenure.objects.get(village=world.a2),
                                 ended_on=timezone.localdate() - datetime.timedelta(days=1), end_reason="pensiun")
    after_capacity, after_rollup = board.get(capacity), kabupaten.get(rollup)
    assert HIT_HEADER not in after_capacity and HIT_HEADER not in after_rollup
    assert "kosong" in after_capacity.content.decode() and after_capacity.content != before[0]
    assert after_rollup.content != before[1]
