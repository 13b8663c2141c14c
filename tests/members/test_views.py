import datetime

import pytest

from fokuss.cache import forum_version_bump
from members.models import SecretaryTenure, User
from tests import factories as f
from tests.pages import PAGE_CACHE_HIT_QUERIES, new_browser_secret

pytestmark = pytest.mark.django_db
D = datetime.date


def _grow(world, n: int):
    """Add villages (with a secretary each) to forum A until it has n villages."""
    have = SecretaryTenure.objects.filter(village__district=world.forum_a.district).count()
    for i in range(n - have):
        village = f.VillageFactory(district=world.forum_a.district, code=f"33.02.19.{3000 + i}", name=f"Desa {i}")
        f.TenureFactory(village=village)


DIRECTORY_QUERIES = 5
# (after the forum's data changed, the same request again): the second is served from the cache
# (fokuss/cache.py) but for the session user, the actor, the trainings panel and the unread count.
DASHBOARD_QUERIES = {"camat": (41, 3), "pengurus": (20, 5), "sekdes_a": (8, 4)}  # includes the apps' panels
# (camat: with the quarter against the previous one; board: the on-time and grade charts, reports/dashboard.py)


@pytest.mark.parametrize("size", [18, 300])
def test_directory_queries_do_not_grow(world, login, size, django_assert_num_queries):
    _grow(world, size)
    client = login(world.users["sekdes_a"])
    client.get("/anggota/")  # warm the per-process caches (content types, site)
    forum_version_bump(world.forum_a.pk)
    with django_assert_num_queries(DIRECTORY_QUERIES):
        response = client.get("/anggota/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("size", [18, 300])
@pytest.mark.parametrize("role", ["camat", "pengurus", "sekdes_a"])
def test_dashboard_queries_do_not_grow(world, login, size, role, django_assert_num_queries):
    _grow(world, size)
    client = login(world.users[role])
    client.get("/")
    forum_version_bump(world.forum_a.pk)
    cold, warm = DASHBOARD_QUERIES[role]
    with django_assert_num_queries(cold):
        response = client.get("/")
    assert response.status_code == 200
    new_browser_secret(client)
    with django_assert_num_queries(warm):
        again = client.get("/")
    assert again.context["panels"] == response.context["panels"]
    with django_assert_num_queries(PAGE_CACHE_HIT_QUERIES):
        assert client.get("/").content == again.content


def test_camat_dashboard_lists_every_village_once(world, login):
    """One panel shows the villages (the camat panel of reports/), not two."""
    page = login(world.users["camat"]).get("/").content.decode()
    start = page.index('data-testid="camat-villages"')
    cards = page[start:page.index('data-testid="camat-overdue"', start)]
    for name in ("Kalikidang", "Sokaraja Tengah", "Wiradadi"):
        assert cards.count(f">{name}</a>") == 1
        assert page.count(f">{name}</a>") == 1
    assert "3 desa</h3>" in page and "desa sekilas" not in page


def test_sekdes_dashboard_shows_her_village(world, login):
    response = login(world.users["sekdes_a"]).get("/")
    assert response.context["my_tenure"].village == world.a1
    assert "Kalikidang" in response.content.decode()


def test_directory_shows_whatsapp_link_and_hides_other_forum(world, login):
    body = login(world.users["sekdes_b"]).get("/anggota/").content.decode()
    wa = world.users["sekdes_a"].whatsapp.lstrip("+")
    assert f"https://wa.me/{wa}" in body
    assert "Ledug" not in body  # forum B's village


def test_village_page_shows_tenure_history(world, login):
    old = SecretaryTenure.objects.get(village=world.a1)
    old.ended_on, old.end_reason = D(2019, 6, 30), "pensiun"
    old.save()
    f.TenureFactory(village=world.a1, started_on=D(2019, 7, 1), status="plt", user__full_name="Pengganti Plt")
    body = login(world.users["sekdes_b"]).get(f"/desa/{world.a1.code}/").content.decode()
    assert "Pengganti Plt" in body and "30 Juni 2019" in body and "Pensiun" in body


def _replace_post(client, code, **overrides):
    data = {"ended_on": "2024-01-31", "end_reason": "mutasi", "full_name": "Sekdes Baru", "email": "baru@contoh.test",
            "whatsapp": "", "status": "definitif", "started_on": "2024-02-01", "decree_number": "", "decree_date": ""}
    data.update(overrides)
    return client.post(f"/desa/{code}/ganti-sekretaris/", data)


def test_replace_secretary_through_the_page(world, login):
    response = _replace_post(login(world.users["pengurus"]), world.a1.code)
    assert response.status_code == 302
    assert SecretaryTenure.objects.open().get(village=world.a1).user.email == "baru@contoh.test"


@pytest.mark.parametrize("overrides, field, text", [
    ({"ended_on": "2010-01-01", "started_on": "2010-01-02"}, "ended_on", "tidak boleh sebelum tanggal mulai"),
    ({"started_on": "2024-01-01"}, "started_on", "tidak dapat mulai sebelum"),
    ({"whatsapp": "12"}, "whatsapp", "Nomor telepon tidak"),
    ({"email": "bukan-email"}, "email", "alamat email yang valid"),
])
def test_bad_replace_input_is_refused_with_a_message(world, login, overrides, field, text):
    before = SecretaryTenure.objects.count()
    response = _replace_post(login(world.users["pengurus"]), world.a1.code, **overrides)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(text in message for message in errors.get(field, []) + errors.get("__all__", [])), errors
    assert SecretaryTenure.objects.count() == before
    assert SecretaryTenure.objects.open().get(village=world.a1).user == world.users["sekdes_a"]


def test_duplicate_email_in_invite_form(world, login):
    client = login(world.users["pengurus"])
    response = client.post("/anggota/undang/", {"full_name": "Dobel", "email": world.users["sekdes_a"].email,
                                                "whatsapp": "", "language": "id"})
    assert response.status_code == 200
    assert "sudah terdaftar" in response.context["form"].errors["email"][0]


def test_errors_are_in_english_when_the_user_chose_english(world, login):
    user = world.users["pengurus"]
    user.language = "en"
    user.save()
    client = login(user)
    response = client.post("/anggota/undang/", {"full_name": "", "email": "x", "language": "id"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.context["form"].errors["email"]
    assert "This field is required." in response.context["form"].errors["full_name"]


def test_invite_into_vacant_village(world, login):
    SecretaryTenure.objects.filter(village=world.a2).update(ended_on=D(2024, 1, 1), end_reason="pensiun")
    client = login(world.users["pengurus"])
    response = client.post("/anggota/undang/", {"full_name": "Sekdes Wiradadi Baru", "email": "wb@contoh.test",
                                                "whatsapp": "081227110777", "language": "id",
                                                "village": world.a2.pk, "status": "plt", "started_on": "2024-01-02"})
    assert response.status_code == 302
    tenure = SecretaryTenure.objects.open().get(village=world.a2)
    assert tenure.user.whatsapp == "+6281227110777" and tenure.status == "plt"


def test_profile_normalises_whatsapp_and_refuses_bad_one(world, login):
    user = world.users["sekdes_a"]
    client = login(user)
    ok = client.post("/profil/", {"full_name": "Sri W", "whatsapp": "0812 2711 0555", "language": "id", "nip": ""})
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.whatsapp == "+6281227110555"
    bad = client.post("/profil/", {"full_name": "Sri W", "whatsapp": "0000", "language": "id", "nip": ""})
    assert bad.status_code == 200 and bad.context["form"].errors["whatsapp"]
    user.refresh_from_db()
    assert user.whatsapp == "+6281227110555"


def test_language_switch_is_saved_on_the_user(world, login):
    user = world.users["sekdes_a"]
    client = login(user)
    client.post("/bahasa/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body


def test_dates_are_indonesian_long_form(world, login):
    tenure = SecretaryTenure.objects.get(village=world.a1)
    tenure.started_on = D(2017, 1, 17)
    tenure.save()
    body = login(world.users["sekdes_a"]).get("/").content.decode()
    assert "17 Januari 2017" in body


def test_user_without_posts_sees_explanation(db, login):
    user = f.UserFactory()
    response = login(user).get("/")
    assert response.status_code == 403
    assert "belum terhubung ke forum" in response.content.decode()


def test_signup_is_closed(client, db):
    response = client.post("/accounts/signup/", {"email": "a@b.test", "password1": "x" * 12})
    assert not User.objects.filter(email="a@b.test").exists()
    assert response.status_code in (200, 403)


def test_indonesian_first_even_for_english_browsers(client, db):
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in body and "Masuk dengan email" in body


def test_anonymous_language_switch_uses_the_cookie(client, db):
    client.post("/bahasa/", {"language": "en", "next": "/accounts/login/"})
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in body


def test_logins_and_failed_logins_are_logged(world, client):
    from members.models import AccessLog

    client.post("/accounts/login/", {"login": world.users["sekdes_a"].email, "password": "salah"})
    client.post("/accounts/login/", {"login": world.users["sekdes_a"].email, "password": f.PASSWORD})
    actions = list(AccessLog.objects.order_by("at").values_list("action", flat=True))
    assert actions == ["login_failed", "login"]
    assert AccessLog.objects.get(action="login").user == world.users["sekdes_a"]


def test_the_interface_is_translated_to_english(world, login):
    user = world.users["sekdes_a"]
    user.language = "en"
    user.save()
    body = login(user).get("/anggota/").content.decode()
    assert "Member directory" in body and "Direktori anggota" not in body


def test_invite_button_is_per_forum(world, login):
    """A board member of forum B who is a plain secretary in forum A sees no "Undang anggota" in
    forum A (a role flag would have shown it), and sees it in forum B."""
    village = f.VillageFactory(district=world.forum_a.district, code="33.02.19.2990", name="Desa Dua Forum")
    person = f.TenureFactory(village=village).user
    f.BoardPositionFactory(forum=world.forum_b, user=person)
    client = login(person)
    client.post("/forum/pilih/", {"forum": world.forum_a.pk})
    page = client.get("/anggota/").content.decode()
    assert "Undang anggota" not in page and "Kebutuhan pelatihan" not in page
    assert client.get("/anggota/undang/").status_code == 403
    client.post("/forum/pilih/", {"forum": world.forum_b.pk})
    page = client.get("/anggota/").content.decode()
    assert "Undang anggota" in page and "Pengiriman pengingat" in page
