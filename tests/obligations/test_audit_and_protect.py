"""Verification and rejection are on the deadline's audit trail; a deadline with submissions is an
official record and cannot be deleted (not through a cascade, not in the admin)."""

import datetime

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from members.models import User
from members.selectors import audit_timeline
from obligations import services
from obligations.models import Deadline, Submission
from tests import factories as f
from tests.obligations.factories import deadline, obligation, submit

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def open_deadline(world):
    return deadline(obligation(world.forum_a), world.a1, due_on=D(2027, 3, 31))


def test_reject_then_verify_are_on_the_deadline_timeline(world, open_deadline):
    board, camat = world.users["pengurus"], world.users["camat"]
    first = submit(open_deadline, world.users["sekdes_a"])
    services.submission_verify(submission=first, user=board, approve=False,
                               reason="Tanda terima belum ada")
    second = submit(open_deadline, world.users["sekdes_a"], reference_number="140/99/2026")
    services.submission_verify(submission=second, user=camat, approve=True)
    verified, rejected = list(audit_timeline(open_deadline))
    assert (rejected.action, rejected.actor, rejected.data["reason"], rejected.data["submission"]) == (
        "submission.rejected", board, "Tanda terima belum ada", first.pk)
    assert (verified.action, verified.actor, verified.data["submission"]) == ("submission.verified", camat, second.pk)
    assert verified.forum_id == world.forum_a.pk
    assert verified.data["submitted_by"] == world.users["sekdes_a"].full_name




@pytest.mark.parametrize("role, sees", [("pengurus", True), ("camat", True), ("sekdes_a", False)])
def test_deadline_page_shows_the_timeline_to_overseers(world, login, open_deadline, role, sees):
    board = world.users["pengurus"]
    s = submit(open_deadline, world.users["sekdes_a"])
    services.submission_verify(submission=s, user=board, approve=True)
    html = login(world.users[role]).get(reverse("obligations:deadline_detail", kwargs={"pk": open_deadline.pk}))
    assert html.status_code == 200
    assert ('data-testid="audit-timeline"' in html.content.decode()) is sees
    assert ("Laporan diverifikasi" in html.content.decode()) is sees


def test_a_deadline_with_submissions_cannot_be_deleted(world, open_deadline):
    s = submit(open_deadline, world.users["sekdes_a"])
    with pytest.raises(ProtectedError):
        open_deadline.delete()
    assert Deadline.objects.filter(pk=open_deadline.pk).exists() and Submission.objects.filter(pk=s.pk).exists()
    empty = deadline(obligation(world.forum_a, code="apbdes"), world.a2, due_on=D(2027, 1, 31))
    empty.delete()  # without submissions it can go


def test_the_admin_explains_instead_of_failing(client, world, open_deadline):
    submit(open_deadline, world.users["sekdes_a"])
    admin = User.objects.create_superuser(email="admin@contoh.test", full_name="Admin Situs", password="x")
    f.give_totp(admin)
    client.force_login(admin)
    url = reverse("admin:obligations_deadline_delete", args=[open_deadline.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "memerlukan penghapusan objek terlindungi" in html and "Penyampaian:" in html
    assert 'name="post"' not in html  # no confirm button
    assert client.post(url, {"post": "yes"}).status_code == 200  # the same explanation, nothing deleted
    response = client.post(reverse("admin:obligations_deadline_changelist"),
                           {"action": "delete_selected", "_selected_action": [open_deadline.pk], "post": "yes"})
    assert response.status_code == 200
    assert Deadline.objects.filter(pk=open_deadline.pk).exists()
