import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import services
from tests import factories as f


@pytest.fixture
def invitation(db):
    forum = f.ForumFactory()
    return services.user_invite(forum=forum, email="baru@contoh.test", full_name="Orang Baru", invited_by=None)


@pytest.mark.parametrize("password", ["12345678", "password", "baru@contoh.test", "Ab1"])
def test_weak_passwords_are_refused(invitation, password):
    with pytest.raises(ValidationError) as exc:
        services.invitation_accept(invitation=invitation, password=password)
    assert "password1" in exc.value.message_dict
    invitation.refresh_from_db()
    invitation.user.refresh_from_db()
    assert invitation.accepted_at is None and not invitation.user.has_usable_password()


def test_weak_password_gets_an_indonesian_message_on_the_form(invitation, client):
    url = reverse("members:invitation_accept", kwargs={"token": invitation.token})
    response = client.post(url, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "terlalu umum" in body or "seluruhnya angka" in body
    assert "_auth_user_id" not in client.session


def test_a_good_password_signs_the_person_in(invitation, client):
    url = reverse("members:invitation_accept", kwargs={"token": invitation.token})
    response = client.post(url, {"password1": "sawah-hijau-2017", "password2": "sawah-hijau-2017"})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_an_invitation_does_not_reactivate_a_deactivated_account(invitation, client):
    user = invitation.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="dinonaktifkan"):
        services.invitation_accept(invitation=invitation, password="sawah-hijau-2017")
    url = reverse("members:invitation_accept", kwargs={"token": invitation.token})
    response = client.post(url, {"password1": "sawah-hijau-2017", "password2": "sawah-hijau-2017"})
    assert response.status_code == 410 and "dinonaktifkan" in response.content.decode()
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert "_auth_user_id" not in client.session
