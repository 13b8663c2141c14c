"""The domain audit trail: log_action written inside the service's transaction, the timeline on
the record's page for overseers only, read-only audit admins, history on User."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fokuss import policy
from members import services
from members.models import AccessLog, AuditAction, AuditEntry, BoardPosition, Invitation, User
from members.selectors import actor_for, audit_timeline
from tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


def _entries(obj):
    return list(audit_timeline(obj))


def test_log_action_records_actor_object_forum_and_data(world):
    boss = world.users["pengurus"]
    entry = services.log_action(actor=boss, action="submission.verified", obj=world.a1, data={"day": D(2026, 1, 5)})
    entry.refresh_from_db()
    assert entry.actor == boss and entry.actor_name == boss.full_name
    assert entry.object_type == "members.village" and entry.object_id == world.a1.pk
    assert entry.object_repr == "Kalikidang" and entry.forum_id == world.forum_a.pk
    assert entry.data == {"day": "2026-01-05"}
    assert entry.get_action_display() == "Laporan diverifikasi"


def test_an_unknown_action_is_a_programming_error(world):
    with pytest.raises(ValueError):
        services.log_action(actor=None, action="submission.verfied", obj=world.a1)


def test_the_system_is_the_actor_when_nobody_is(world):
    entry = services.log_action(actor=None, action=AuditAction.CERTIFICATE_ISSUED, obj=world.a1, forum_id=None)
    assert entry.actor is None and entry.actor_label == "Sistem"
    assert entry.forum_id == world.forum_a.pk  # from the object


def test_a_rolled_back_change_leaves_no_entry(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.log_action(actor=world.users["pengurus"], action=AuditAction.TENURE_OPENED, obj=world.a1)
        raise RuntimeError
    assert not AuditEntry.objects.exists()


def test_secretary_replace_records_one_entry_on_the_village(world):
    boss = world.users["pengurus"]
    services.secretary_replace(
        village=world.a1, forum=world.forum_a, ended_on=D(2026, 6, 30), end_reason="mutasi",
        started_on=D(2026, 7, 1), status="plt", email="baru@contoh.test", full_name="Sekdes Baru",
        replaced_by=boss,
    )
    village_entries = _entries(world.a1)
    assert [e.action for e in village_entries] == ["tenure.replaced"]
    e = village_entries[0]
    assert e.actor == boss and e.data["person"] == "Sekdes Baru"
    assert e.data["previous_person"] == world.users["sekdes_a"].full_name and e.data["previous_end_reason"] == "mutasi"
    new_user = User.objects.get(email="baru@contoh.test")
    assert [x.action for x in _entries(new_user)] == ["member.invited"]


def test_failed_replace_leaves_no_entry(world):
    with pytest.raises(ValidationError):
        services.secretary_replace(
            village=world.a1, forum=world.forum_a, ended_on=D(2026, 6, 30), end_reason="mutasi",
            started_on=D(2026, 7, 1), status="plt", email=world.users["sekdes_b"].email,  # serves in a2
            replaced_by=world.users["pengurus"],
        )
    assert not AuditEntry.objects.exists()


def test_tenure_open_and_close_are_recorded(world):
    tenure = world.users["sekdes_a"].tenures.get()
    services.tenure_close(tenure=tenure, ended_on=D(2026, 1, 31), end_reason="pensiun", by=world.users["pengurus"])
    services.tenure_open(user=f.UserFactory(full_name="Pengganti"), village=world.a1, started_on=D(2026, 2, 1))
    opened, closed = _entries(world.a1)
    assert (closed.action, closed.actor, closed.data["end_reason"]) == ("tenure.closed", world.users["pengurus"],
                                                                        "pensiun")
    assert (opened.action, opened.actor, opened.data["person"]) == ("tenure.opened", None, "Pengganti")


def test_invitation_sent_and_accepted(world):
    invitation = services.user_invite(forum=world.forum_a, email="undang@contoh.test", full_name="Orang Diundang",
                                      invited_by=world.users["pengurus"])
    services.invitation_accept(invitation=invitation, password="kata-sandi-yang-kuat-99")
    accepted, invited = _entries(invitation.user)
    assert (invited.action, invited.actor, invited.forum_id) == ("member.invited", world.users["pengurus"],
                                                                  world.forum_a.pk)
    assert (accepted.action, accepted.actor) == ("invitation.accepted", invitation.user)
    assert Invitation.objects.get().accepted_at is not None


def test_audit_timeline_is_one_query_newest_first_and_limited(world, django_assert_num_queries):
    for i in range(25):
        services.log_action(actor=world.users["pengurus"], action=AuditAction.TENURE_CHANGED, obj=world.a1,
                            data={"i": i})
    services.log_action(actor=None, action=AuditAction.TENURE_CHANGED, obj=world.a2)
    with django_assert_num_queries(1):
        rows = list(audit_timeline(world.a1))
        assert [r.actor.full_name for r in rows][:1] == [world.users["pengurus"].full_name]
    assert len(rows) == 20 and [r.data["i"] for r in rows[:2]] == [24, 23]


# Who sees the timeline ---------------------------------------------------------------------------

@pytest.mark.parametrize("role, sees", [("pengurus", True), ("camat", True), ("sekdes_a", False),
                                        ("pendamping", False)])
def test_village_page_timeline_for_overseers_only(world, login, role, sees):
    services.log_action(actor=world.users["pengurus"], action=AuditAction.TENURE_CHANGED, obj=world.a1)
    response = login(world.users[role]).get(reverse("reports:village_profile", kwargs={"code": world.a1.code}))
    assert response.status_code == 200
    html = response.content.decode()
    assert ('data-testid="audit-timeline"' in html) is sees
    assert ("Masa jabatan sekretaris diubah" in html) is sees


def test_the_policy_rule(world):
    assert policy.can(actor_for(world.users["camat"]), "audit.view", world.a1)
    assert not policy.can(actor_for(world.users["other_forum"]), "audit.view", world.a1)
    assert not policy.can(actor_for(world.users["sekdes_a"]), "audit.view", world.a1)


def test_profile_views_by_others_are_recorded_and_shown(world, login):
    person = world.users["sekdes_a"]
    url = reverse("reports:person_profile", kwargs={"person_id": person.pk})
    assert login(person).get(url).status_code == 200  # one's own: not recorded
    assert not AuditEntry.objects.exists()
    response = login(world.users["camat"]).get(url)
    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id, entry.forum_id) == (
        "profile.viewed", world.users["camat"], person.pk, world.forum_a.pk)
    html = login(world.users["pengurus"]).get(url).content.decode()
    assert "Profil kompetensi dilihat" in html and world.users["camat"].full_name in html


# Admin -------------------------------------------------------------------------------------------

@pytest.fixture
def superuser_client(client, world):
    admin = User.objects.create_superuser(email="admin@contoh.test", full_name="Admin Situs", password="x")
    f.give_totp(admin)
    client.force_login(admin)
    client.admin_user = admin
    return client


@pytest.mark.parametrize("model", [AuditEntry, AccessLog])
def test_audit_admins_are_read_only_even_for_superusers(superuser_client, world, model):
    if model is AuditEntry:
        row = services.log_action(actor=None, action=AuditAction.TENURE_CHANGED, obj=world.a1)
    else:
        row = AccessLog.objects.create(action="login", user=world.users["camat"])
    name = model._meta.model_name
    assert superuser_client.get(reverse(f"admin:members_{name}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"admin:members_{name}_add")).status_code == 403
    assert superuser_client.get(reverse(f"admin:members_{name}_delete", args=[row.pk])).status_code == 403
    response = superuser_client.post(reverse(f"admin:members_{name}_changelist"),
                                 {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    assert model.objects.filter(pk=row.pk).exists()
    change = superuser_client.get(reverse(f"admin:members_{name}_change", args=[row.pk]))
    assert change.status_code == 200 and b'name="_save"' not in change.content  # view only


def test_board_positions_changed_in_the_admin_are_recorded(superuser_client, world):
    person = f.UserFactory(full_name="Calon Bendahara")
    data = {"forum": world.forum_a.pk, "user": person.pk, "position": "bendahara", "field": "",
            "period_start": "2026-01-01", "period_end": "2030-12-31"}
    response = superuser_client.post(reverse("admin:members_boardposition_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    post = BoardPosition.objects.get(user=person)
    added = AuditEntry.objects.get()
    assert (added.action, added.actor, added.forum_id, added.object_id) == (
        "board.position_added", superuser_client.admin_user, world.forum_a.pk, post.pk)
    response = superuser_client.post(reverse("admin:members_boardposition_delete", args=[post.pk]), {"post": "yes"})
    assert response.status_code == 302
    removed = AuditEntry.objects.latest("pk")
    assert removed.action == "board.position_removed" and removed.data["person"] == "Calon Bendahara"
    assert removed.object_id == post.pk == added.object_id


def test_facilitator_assignment_in_the_admin_shows_on_the_village(superuser_client, world):
    person = f.UserFactory(full_name="Pendamping Baru")
    response = superuser_client.post(reverse("admin:members_facilitatorassignment_add"), {
        "user": person.pk, "village": world.a2.pk, "role": "pld", "started_on": "2026-01-01", "ended_on": ""})
    assert response.status_code == 302
    entry = _entries(world.a2)[0]
    assert entry.action == "facilitator.assigned" and entry.data["person"] == "Pendamping Baru"


# History on User --------------------------------------------------------------------------------

def test_user_history_records_personal_data_not_passwords_or_sign_ins(world):
    user = world.users["sekdes_a"]
    before = user.history.count()
    services.user_update_profile(user=user, full_name="Sri Uji Wahyuni, S.E.", whatsapp="081234567890",
                                 language="id", nip="1987")
    assert user.history.count() == before + 1
    latest = user.history.first()
    assert latest.full_name == "Sri Uji Wahyuni, S.E." and latest.nip == "1987"
    assert not hasattr(latest, "password") and not hasattr(latest, "last_login")
    user.set_password("lain-lagi-123")
    user.save(update_fields=["password"])
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert user.history.count() == before + 1


# Erasure (UU 27/2022) ----------------------------------------------------------------------------

def test_erasure_keeps_the_entries_but_not_the_persons_name_email_or_history(world):
    from privacy.services import person_erase

    boss = world.users["pengurus"]
    invitation = services.user_invite(forum=world.forum_a, email="hapus@contoh.test", full_name="Orang Dihapus Nanti",
                                      invited_by=boss)
    person = invitation.user
    services.user_update_profile(user=person, full_name="Orang Dihapus Nanti", whatsapp="081299990000",
                                 language="id", nip="1990")
    services.tenure_open(user=person, village=f.VillageFactory(district=world.a1.district, code="33.02.19.2099"),
                         started_on=D(2026, 1, 1), by=boss)
    services.log_action(actor=person, action=AuditAction.TENURE_CHANGED, obj=world.a1)
    count = AuditEntry.objects.count()
    person_erase(person=person, by=None)
    assert AuditEntry.objects.count() == count  # the trail stays
    text = " ".join(f"{e.actor_name} {e.object_repr} {e.data}" for e in AuditEntry.objects.all())
    assert "Orang Dihapus Nanti" not in text and "hapus@contoh.test" not in text and "081299990000" not in text
    assert f"Anggota terhapus #{person.pk}" in text
    assert not person.history.filter(full_name="Orang Dihapus Nanti").exists()
    assert not person.history.filter(email="hapus@contoh.test").exists()


def test_an_export_goes_into_the_forums_audit_trail(world, login):
    from django.urls import reverse

    from members.models import AuditEntry

    client = login(world.users["pengurus"])
    response = client.get(reverse("members:directory"), {"format": "xlsx"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export.downloaded")
    assert entry.actor == world.users["pengurus"] and entry.forum_id == world.forum_a.pk
    assert entry.data["format"] == "xlsx" and entry.data["path"] == reverse("members:directory")
    client.get(reverse("members:directory"))  # the page itself is no export
    assert AuditEntry.objects.filter(action="export.downloaded").count() == 1
