"""Sign-in: one rate-limited door (admin login goes through allauth), a second factor for those
who can change things, and sign-in that survives a Redis outage."""

from __future__ import annotations

import logging

import pytest
import redis
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse

from fokuss import resilient_cache
from members.selectors import actor_for
from tests import factories as f

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Rate-limit counters live in the cache: start and end every test with none."""
    fallback = allauth_ratelimit.cache
    fallback._down_until = 0.0
    fallback.local.clear()
    cache.clear()
    yield
    fallback._down_until = 0.0
    fallback.local.clear()
    cache.clear()


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _post_login(client, email, password=f.PASSWORD, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def _code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


# 1. One door ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_admin_login_never_authenticates_and_sends_to_the_one_door(client):
    staff = f.UserFactory(is_staff=True, is_superuser=True)
    f.give_totp(staff)
    for _ in range(24):
        response = client.post("/admin/login/", {"username": staff.email, "password": "salah-salah"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": f.PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"
    assert not _signed_in(client)


@pytest.mark.django_db
def test_wrong_passwords_are_limited_at_the_door_even_the_right_one_then(client):
    user = f.TenureFactory().user
    for _ in range(5):
        response = _post_login(client, user.email, "salah-salah")
        assert response.status_code == 200
    response = _post_login(client, user.email)
    assert response.status_code == 200 and not _signed_in(client)
    assert "Terlalu banyak" in response.content.decode() or "terlalu banyak" in response.content.decode()


@pytest.mark.django_db
def test_staff_signing_in_for_the_admin_passes_the_second_factor(client):
    staff = f.UserFactory(is_staff=True, is_superuser=True)
    f.give_totp(staff)
    response = client.post(LOGIN + "?next=/admin/", {"login": staff.email, "password": f.PASSWORD, "next": "/admin/"})
    assert response["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": _code(f.TOTP_SECRET)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


# 2. Second factor ----------------------------------------------------------------------------

def test_needs_mfa_is_one_predicate_over_the_roles(world):
    needs = {role: actor_for(user).needs_mfa for role, user in world.users.items() if user}
    assert needs == {"sekdes_a": False, "sekdes_b": False, "pengurus": True, "camat": True,
                     "pendamping": False, "other_forum": True, "kabupaten": True}
    assert actor_for(f.UserFactory(is_staff=True)).needs_mfa
    assert actor_for(f.UserFactory(is_superuser=True)).needs_mfa


def test_board_member_without_mfa_is_sent_to_setup_on_every_page(world, client):
    user = f.UserFactory()
    f.BoardPositionFactory(forum=world.forum_a, user=user, mfa=False)
    client.force_login(user)
    setup = reverse("mfa_activate_totp")
    for url in ["/", reverse("members:directory"), reverse("members:profile"), reverse("members:invite"), "/admin/", reverse("notifications:inbox")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == setup, url
    # The setup page itself (after the password check allauth asks), logout and the language switch stay open.
    assert client.get(setup)["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("account_reauthenticate")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("switch_language"), {"language": "id", "next": "/"}).status_code == 302
    assert client.get(reverse("healthz")).status_code in (200, 503)
    # htmx requests get a client-side redirect instead of a swapped-in page
    response = client.get(reverse("members:directory"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == setup


def test_board_member_sets_up_totp_and_then_reaches_the_dashboard(world, client):
    user = f.UserFactory()
    f.BoardPositionFactory(forum=world.forum_a, user=user, mfa=False)
    response = _post_login(client, user.email)
    assert response.status_code == 302 and _signed_in(client)  # no second factor yet: no code asked
    response = client.get("/", follow=True)
    # allauth asks for the password again before a second factor is added
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    response = client.post(response.redirect_chain[-1][0], {"password": f.PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    body = response.content.decode()
    assert "Pasang verifikasi dua langkah" in body and "data:image/svg+xml;base64," in body
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in body
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000" if _code(secret) != "000000" else "111111"})
    assert response.status_code == 200 and not Authenticator.objects.filter(user=user).exists()
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    assert client.get("/").status_code == 200


def test_sekdes_is_not_forced_and_may_opt_in_from_the_profile(world, client):
    client.force_login(world.users["sekdes_a"])
    assert client.get("/").status_code == 200
    profile = client.get(reverse("members:profile")).content.decode()
    assert reverse("mfa_index") in profile
    assert client.get(reverse("mfa_index")).status_code == 200


def test_sign_in_asks_the_totp_code_of_an_mfa_user(world, client):
    user = world.users["pengurus"]
    response = _post_login(client, user.email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Verifikasi dua langkah" in page
    assert client.get("/")["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert response.status_code == 200 and not _signed_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": _code(f.TOTP_SECRET)})
    assert response.status_code == 302 and _signed_in(client)
    assert client.get("/").status_code == 200


def test_only_who_may_go_without_it_can_switch_the_second_factor_off(world):
    from allauth.mfa.adapter import get_adapter

    board_totp = Authenticator.objects.get(user=world.users["pengurus"], type=Authenticator.Type.TOTP)
    sekdes_totp = f.give_totp(world.users["sekdes_a"])
    assert get_adapter().can_delete_authenticator(board_totp) is False
    assert get_adapter().can_delete_authenticator(sekdes_totp) is True


# 4. Redis down -------------------------------------------------------------------------------

class _DownCache:
    def __getattr__(self, name):
        def _raise(*args, **kwargs):
            raise redis.exceptions.ConnectionError("Error 111 connecting to redis:6379. Connection refused.")
        return _raise


@pytest.fixture
def redis_down(monkeypatch):
    monkeypatch.setattr(resilient_cache, "caches", {"default": _DownCache()})


def test_sign_in_works_with_the_cache_down_and_still_limits_locally(world, client, redis_down, caplog):
    user = world.users["sekdes_a"]
    with caplog.at_level(logging.WARNING, logger="fokuss.cache"):
        assert client.get(LOGIN).status_code == 200
        response = _post_login(client, user.email, "salah-salah")
    assert response.status_code == 200
    assert any("process-local" in r.getMessage() for r in caplog.records)
    response = _post_login(client, user.email)
    assert response.status_code == 302 and _signed_in(client)
    client.logout()
    for _ in range(5):
        assert _post_login(client, user.email, "salah-salah").status_code == 200
    response = _post_login(client, user.email)
    assert response.status_code == 200 and not _signed_in(client)


def test_second_factor_works_with_the_cache_down(world, client, redis_down):
    user = world.users["camat"]
    assert _post_login(client, user.email)["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": _code(f.TOTP_SECRET)})
    assert response.status_code == 302 and _signed_in(client)


def test_fallback_cache_retries_the_shared_cache_later(monkeypatch):
    fallback = resilient_cache.FallbackCache()
    monkeypatch.setattr(resilient_cache, "caches", {"default": _DownCache()})
    assert fallback.add("k", 1) is True and fallback.get("k") == 1
    assert fallback._down_until > 0
    monkeypatch.setattr(resilient_cache, "caches", {"default": cache})
    fallback._down_until = 0.0
    cache.set("k", 2)
    assert fallback.get("k") == 2


def test_sign_in_with_a_real_redis_backend_that_is_not_listening(world, client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    assert client.get(LOGIN).status_code == 200
    assert _post_login(client, world.users["sekdes_b"].email, "salah-salah").status_code == 200
    response = _post_login(client, world.users["sekdes_b"].email)
    assert response.status_code == 302 and _signed_in(client)
