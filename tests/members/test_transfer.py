"""Forums stay separate, including people who move: a person with an account from another forum
joins through an invitation they accept while signed in; the board learns nothing about them."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import services
from members.models import Invitation, SecretaryTenure
from tests import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


def _vacate(village):
    SecretaryTenure.objects.open().filter(village=village).update(ended_on=D(2025, 12, 31), end_reason="mutasi")


def _invite_page(client, **data):
    base = {"full_name": "Nama Diketik", "language": "id", "village": "", "status": "", "started_on": ""}
    return client.post(reverse("members:invite"), {**base, **data}, follow=True)


def test_invite_answers_the_same_for_a_new_email_and_another_forums_member(world, login, django_capture_on_commit_callbacks):
    client = login(world.users["pengurus"])
    other = world.users["other_forum"]
    with django_capture_on_commit_callbacks(execute=True):
        new = _invite_page(client, email="belum.ada@contoh.test")
        moved = _invite_page(client, email=other.email.upper())
    assert new.status_code == moved.status_code == 200
    assert new.redirect_chain == moved.redirect_chain
    assert "Undangan dikirim ke belum.ada@contoh.test." in new.content.decode()
    assert f"Undangan dikirim ke {other.email}." in moved.content.decode()
    page = moved.content.decode()
    assert other.full_name not in page  # the list shows the name the board typed
    invitation = Invitation.objects.get(user=other)
    assert invitation.kind == Invitation.Kind.TRANSFER and invitation.forum == world.forum_a
    assert other.has_usable_password()
    assert len(mail.outbox) == 2 and "Masuk dengan akun Anda" in mail.outbox[1].body


def test_secretary_post_for_another_forums_member_waits_for_acceptance(world, login, django_capture_on_commit_callbacks):
    other = world.users["other_forum"]
    _vacate(world.b1)  # they have left their village in forum B
    village = f.VillageFactory(district=world.forum_a.district, name="Desa Kosong")
    client = login(world.users["pengurus"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite_page(client, email=other.email, village=village.pk, status="definitif",
                                started_on="2026-01-05")
    assert "Undangan dikirim ke" in response.content.decode()
    assert not SecretaryTenure.objects.filter(user=other, village=village).exists()  # nothing until accepted
    invitation = Invitation.objects.get(user=other, forum=world.forum_a)
    url = reverse("members:invitation_accept", kwargs={"token": invitation.token})

    # Not signed in: sign in first. Signed in as someone else: refused.
    assert login(None).get(url).status_code == 302
    assert login(world.users["sekdes_a"]).post(url).status_code == 410
    assert not SecretaryTenure.objects.filter(user=other, village=village).exists()

    client = login(other)
    page = client.get(url)
    assert page.status_code == 200 and "Terima undangan pindah forum" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    tenure = SecretaryTenure.objects.open().get(village=village)
    assert tenure.user == other and tenure.started_on == D(2026, 1, 5)
    assert client.session["forum_id"] == world.forum_a.pk
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.post(url).status_code == 410  # used once


def test_accepting_while_still_serving_elsewhere_is_refused_and_opens_nothing(world):
    other = world.users["other_forum"]  # still sekdes of b1
    village = f.VillageFactory(district=world.forum_a.district)
    invitation = services.secretary_invite(forum=world.forum_a, village=village, started_on=D(2026, 1, 5),
                                           status="definitif", email=other.email, full_name="X", invited_by=None)
    with pytest.raises(ValidationError, match="masih tercatat menjabat"):
        services.invitation_transfer_accept(invitation=invitation, user=other)
    assert not SecretaryTenure.objects.filter(village=village).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_transfer_link_never_sets_a_password(world):
    other = world.users["other_forum"]
    invitation = services.user_invite(forum=world.forum_a, email=other.email, full_name="X", invited_by=None)
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, password="kata-sandi-panjang-1")
    other.refresh_from_db()
    assert other.check_password("kata-sandi-panjang-1") is False


def test_replace_secretary_answers_the_same_and_waits_for_acceptance(world, login):
    other = world.users["other_forum"]
    client = login(world.users["pengurus"])
    url = reverse("members:village_replace_secretary", kwargs={"code": world.a2.code})
    base = {"ended_on": "2026-01-31", "end_reason": "mutasi", "status": "definitif", "started_on": "2026-02-01",
            "full_name": ""}
    # Without a name: the same error for a new email and for another forum's member.
    for email in ("baru.sekali@contoh.test", other.email):
        response = client.post(url, {**base, "email": email})
        assert response.status_code == 200 and "Nama lengkap wajib diisi" in response.content.decode()
        assert other.full_name not in response.content.decode()
    responses = [client.post(url, {**base, "email": email, "full_name": "Nama Diketik"}, follow=True)
                 for email in (other.email,)]
    assert "Undangan dikirim ke" in responses[0].content.decode()
    # The old secretary's tenure is closed, the new one waits for the person's acceptance.
    assert not SecretaryTenure.objects.open().filter(village=world.a2).exists()
    assert not SecretaryTenure.objects.filter(user=other, village=world.a2).exists()
    assert "masih menjabat" not in responses[0].content.decode()


def test_a_member_of_the_forum_is_still_found_by_email(world, login):
    """Someone of this forum (here the ketua, who also served a3) is recorded at once, as before."""
    pengurus = world.users["pengurus"]
    _vacate(world.a3)
    tenure = services.secretary_replace(
        village=world.a2, forum=world.forum_a, ended_on=D(2026, 1, 31), end_reason="mutasi", started_on=D(2026, 2, 1),
        status="definitif", email=pengurus.email, replaced_by=None)
    assert isinstance(tenure, SecretaryTenure) and tenure.user == pengurus
