import pytest

from notifications.models import Delivery, Notification, Preference


@pytest.mark.django_db
def test_preferences_are_saved_and_applied(world, login):
    client = login(world.users["sekdes_a"])
    page = client.get("/notifikasi/preferensi/").content.decode()
    assert "Jam tenang" in page
    client.post("/notifikasi/preferensi/", {"email": "on", "digest": "on"})  # WhatsApp off
    pref = Preference.objects.get(user=world.users["sekdes_a"])
    assert (pref.email, pref.whatsapp, pref.digest) == (True, False, True)


@pytest.mark.django_db
def test_deliveries_page_shows_failures_and_resends(world, login):
    failed = Delivery.objects.create(key="deadline:7", slot="H-7", recipient=world.users["sekdes_a"], channel="whatsapp",
                                     forum=world.forum_a, subject="Pengingat H-7: LPPD", body="b", status="failed",
                                     attempts=5, last_error="gateway WhatsApp menjawab dengan galat HTTP 500")
    Delivery.objects.create(key="deadline:7", slot="H-7", recipient=world.users["sekdes_a"], channel="email",
                            forum=world.forum_a, subject="Pengingat H-7: LPPD", body="b", status="sent", attempts=1)
    Delivery.objects.create(key="deadline:8", slot="H-7", recipient=world.users["other_forum"], channel="email",
                            forum=world.forum_b, subject="Forum lain", body="b", status="failed")
    client = login(world.users["pengurus"])
    page = client.get("/notifikasi/pengiriman/?status=gagal").content.decode()
    assert "gateway WhatsApp menjawab dengan galat HTTP 500" in page and 'data-testid="resend"' in page and "Forum lain" not in page
    assert page.count('data-status="failed"') == 1
    client.post(f"/notifikasi/pengiriman/{failed.pk}/kirim-ulang/")
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("retrying", 0)
    again = client.post(f"/notifikasi/pengiriman/{failed.pk}/kirim-ulang/", follow=True)
    assert "Hanya pengiriman yang gagal" in again.content.decode()


@pytest.mark.django_db
def test_bell_fragment_and_mark_read(world, login):
    user = world.users["sekdes_a"]
    Notification.objects.create(recipient=user, title="LPPD H-7")
    client = login(user)
    assert 'data-testid="unread-count">1<' in client.get("/notifikasi/lonceng/").content.decode()
    assert 'hx-get="/notifikasi/lonceng/"' in client.get("/").content.decode()
    client.post("/notifikasi/tandai-dibaca/")
    assert "unread-count" not in client.get("/notifikasi/lonceng/").content.decode()


def _deliveries(world, n: int):
    users = [world.users["sekdes_a"], world.users["sekdes_b"], world.users["pengurus"]]
    have = Delivery.objects.count()
    Delivery.objects.bulk_create([
        Delivery(key=f"deadline:{i}", slot="H-7", recipient=users[i % 3], channel=("email", "whatsapp", "inapp")[i % 3],
                 forum=world.forum_a, subject=f"Pengingat {i}", body="b", status=("sent", "failed", "pending")[i % 3],
                 last_error="gateway WhatsApp menjawab dengan galat HTTP 500" if i % 3 == 1 else "")
        for i in range(have, n)])
    Notification.objects.bulk_create([Notification(recipient=world.users["sekdes_a"], title=f"Pemberitahuan {i}")
                                      for i in range(have, n)])


# Exact, and the same with 6 and with 180 rows (the deliveries page shows 50 a page).
PAGE_QUERIES = {"/notifikasi/": 3, "/notifikasi/pengiriman/": 5, "/notifikasi/pengiriman/?status=gagal": 5}


@pytest.mark.django_db
@pytest.mark.parametrize("url,role", [("/notifikasi/", "sekdes_a"), ("/notifikasi/pengiriman/", "pengurus"),
                                      ("/notifikasi/pengiriman/?status=gagal", "pengurus")])
def test_inbox_and_deliveries_queries_do_not_grow(world, login, url, role, django_assert_num_queries):
    client = login(world.users[role])
    _deliveries(world, 6)
    client.get(url)  # warm the per-process caches
    with django_assert_num_queries(PAGE_QUERIES[url]):
        assert client.get(url).status_code == 200
    _deliveries(world, 180)
    with django_assert_num_queries(PAGE_QUERIES[url]):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_deliveries_are_paged_and_a_bad_page_number_is_not_an_error(world, login):
    _deliveries(world, 120)  # 40 of each status
    client = login(world.users["pengurus"])
    first = client.get("/notifikasi/pengiriman/").content.decode()
    assert first.count('data-status="') == 50 and "halaman=2" in first and "Halaman 1 dari 3" in first
    last = client.get("/notifikasi/pengiriman/?halaman=999").content.decode()
    assert last.count('data-status="') == 20 and "Halaman 3 dari 3" in last
    assert client.get("/notifikasi/pengiriman/?halaman=abc").status_code == 200
    failed = client.get("/notifikasi/pengiriman/?status=gagal").content.decode()
    assert failed.count('data-status="failed"') == 40 and "pagination" not in failed
