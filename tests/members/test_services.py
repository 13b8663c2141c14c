import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from members import services
from members.models import District, Invitation, SecretaryTenure, User, Village
from members.phone import normalize_phone
from tests import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date

CSV_HEAD = "code,name,kecamatan_code,kecamatan,kabupaten,provinsi\n"


def test_import_is_idempotent_and_updates_names():
    text = CSV_HEAD + "33.02.19.2001,Kalikidang,33.02.19,Sokaraja,Banyumas,Jawa Tengah\n" \
                      "33.02.19.2002,Wiradadi,33.02.19,Sokaraja,Banyumas,Jawa Tengah\n"
    first = services.regions_import_csv(text=text)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    again = services.regions_import_csv(text=text.replace("Wiradadi", "Wiradadi Baru"))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert Village.objects.count() == 2
    assert Village.objects.get(code="33.02.19.2002").name == "Wiradadi Baru"
    assert District.objects.get(code="33.02.19").regency.province.code == "33"


def test_import_of_the_shipped_sokaraja_file():
    from members.demo import VILLAGES_CSV

    result = services.regions_import_csv(text=VILLAGES_CSV.read_text())
    assert result.created == 18
    assert Village.objects.filter(district__code="33.02.19").count() == 18


@pytest.mark.parametrize(
    "bad_row, message",
    [
        ("33.02.19.20X1,Kalikidang,33.02.19,Sokaraja,Banyumas,Jawa Tengah", "Baris 3: kode desa tidak valid"),
        ("33.02.19.2003,,33.02.19,Sokaraja,Banyumas,Jawa Tengah", "Baris 3: nama desa kosong"),
        ("33.02.19.2003,Karangkedawung,33.02.20,Sokaraja,Banyumas,Jawa Tengah", "Baris 3: kode kecamatan"),
        ("33.02.19.2001,Kalikidang Lagi,33.02.19,Sokaraja,Banyumas,Jawa Tengah", "sudah ada di baris 2"),
    ],
)
def test_a_bad_row_names_its_line_and_imports_nothing(bad_row, message):
    text = CSV_HEAD + "33.02.19.2001,Kalikidang,33.02.19,Sokaraja,Banyumas,Jawa Tengah\n" + bad_row + "\n"
    with pytest.raises(ValidationError) as exc:
        services.regions_import_csv(text=text)
    assert any(message in m for m in exc.value.messages)
    assert Village.objects.count() == 0 and District.objects.count() == 0


def test_import_command_reports_errors(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "desa.csv"
    path.write_text("code,name\n1,x\n")
    with pytest.raises(CommandError, match="kolom wajib tidak ada"):
        call_command("import_villages", str(path))


@pytest.mark.parametrize("raw, expected", [
    ("0812 2711 0001", "+6281227110001"), ("6281227110001", "+6281227110001"),
    ("+62 812-2711-0001", "+6281227110001"), ("", ""),
])
def test_phone_numbers_are_stored_in_e164(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "08-abc", "+62 1"])
def test_wrong_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)


def test_invite_creates_account_and_sends_link_after_commit(django_capture_on_commit_callbacks):
    forum = f.ForumFactory()
    board = f.UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.user_invite(forum=forum, email="Baru@Contoh.test", full_name="Orang Baru",
                                          whatsapp="0812 2711 0099", invited_by=board)
    user = invitation.user
    assert user.email == "baru@contoh.test" and user.whatsapp == "+6281227110099"
    assert not user.has_usable_password()
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=6)
    assert len(mail.outbox) == 1 and f"/undangan/{invitation.token}/" in mail.outbox[0].body


def test_duplicate_email_is_refused_and_nothing_saved():
    forum = f.ForumFactory()
    f.TenureFactory(village=f.VillageFactory(district=forum.district), user__email="ada@contoh.test")
    before = User.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.user_invite(forum=forum, email="ADA@contoh.test", full_name="Dobel", invited_by=None)
    assert "sudah terdaftar" in exc.value.message_dict["email"][0]
    assert User.objects.count() == before and Invitation.objects.count() == 0


def test_wrong_phone_in_invite_is_refused_and_nothing_saved():
    forum = f.ForumFactory()
    with pytest.raises(ValidationError) as exc:
        services.user_invite(forum=forum, email="x@contoh.test", full_name="X", whatsapp="12", invited_by=None)
    assert "whatsapp" in exc.value.message_dict
    assert not User.objects.filter(email="x@contoh.test").exists()


def test_expired_invitation_cannot_be_used():
    forum = f.ForumFactory()
    invitation = services.user_invite(forum=forum, email="y@contoh.test", full_name="Y", invited_by=None)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    invitation.refresh_from_db()
    with pytest.raises(ValidationError, match="kedaluwarsa"):
        services.invitation_accept(invitation=invitation, password="kata-sandi-panjang-1")
    invitation.user.refresh_from_db()
    assert not invitation.user.has_usable_password()


def test_database_allows_only_one_open_tenure_per_village():
    tenure = f.TenureFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SecretaryTenure.objects.create(user=f.UserFactory(), village=tenure.village, started_on=D(2020, 1, 1))


def test_second_open_tenure_is_refused_with_a_message():
    tenure = f.TenureFactory()
    with pytest.raises(ValidationError, match="sudah memiliki sekretaris"):
        services.tenure_open(user=f.UserFactory(), village=tenure.village, started_on=D(2024, 1, 1))
    assert SecretaryTenure.objects.filter(village=tenure.village).count() == 1


def test_closing_a_tenure_before_it_started_is_refused():
    tenure = f.TenureFactory(started_on=D(2020, 5, 1))
    with pytest.raises(ValidationError) as exc:
        services.tenure_close(tenure=tenure, ended_on=D(2020, 4, 30), end_reason="mutasi")
    assert "tidak boleh sebelum" in exc.value.message_dict["ended_on"][0]
    tenure.refresh_from_db()
    assert tenure.ended_on is None


def test_database_refuses_end_before_start():
    tenure = f.TenureFactory(started_on=D(2020, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        SecretaryTenure.objects.filter(pk=tenure.pk).update(ended_on=D(2020, 1, 1))


def test_replace_closes_old_and_opens_new_in_one_go(django_capture_on_commit_callbacks):
    forum = f.ForumFactory()
    village = f.VillageFactory(district=forum.district)
    old = f.TenureFactory(village=village, started_on=D(2015, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.secretary_replace(
            village=village, forum=forum, ended_on=D(2019, 6, 30), end_reason="pensiun", started_on=D(2019, 7, 1),
            status="plt", email="pengganti@contoh.test", full_name="Pengganti Fiktif", replaced_by=None,
        )
    new = SecretaryTenure.objects.open().get(village=village)
    old.refresh_from_db()
    assert old.ended_on == D(2019, 6, 30) and old.end_reason == "pensiun"
    assert new.is_open and new.user.email == "pengganti@contoh.test" and new.status == "plt"
    assert len(mail.outbox) == 1  # the new person was invited


def test_replace_with_bad_dates_changes_nothing():
    forum = f.ForumFactory()
    village = f.VillageFactory(district=forum.district)
    old = f.TenureFactory(village=village, started_on=D(2015, 1, 1))
    with pytest.raises(ValidationError):
        services.secretary_replace(
            village=village, forum=forum, ended_on=D(2014, 1, 1), end_reason="pensiun", started_on=D(2014, 1, 2),
            status="plt", email="p2@contoh.test", full_name="P2", replaced_by=None,
        )
    old.refresh_from_db()
    assert old.ended_on is None
    assert not User.objects.filter(email="p2@contoh.test").exists()


def test_replace_refuses_a_person_serving_elsewhere_and_rolls_back():
    forum = f.ForumFactory()
    village, other = f.VillageFactory(district=forum.district), f.VillageFactory(district=forum.district)
    old = f.TenureFactory(village=village)
    busy = f.TenureFactory(village=other).user
    with pytest.raises(ValidationError, match="masih menjabat"):
        services.secretary_replace(
            village=village, forum=forum, ended_on=D(2024, 1, 1), end_reason="mutasi", started_on=D(2024, 1, 2),
            status="definitif", email=busy.email, replaced_by=None,
        )
    old.refresh_from_db()
    assert old.ended_on is None  # the close was rolled back with the failed open


def test_secretary_invite_into_a_village_of_another_forum_is_refused():
    forum, other_forum = f.ForumFactory(), f.ForumFactory()
    village = f.VillageFactory(district=other_forum.district)
    with pytest.raises(ValidationError):
        services.secretary_invite(forum=forum, village=village, started_on=D(2024, 1, 1), status="definitif",
                                  email="z@contoh.test", full_name="Z", invited_by=None)
    assert not User.objects.filter(email="z@contoh.test").exists()


@pytest.mark.django_db
def test_vacant_villages_include_villages_that_never_had_a_secretary(world):
    from members.selectors import vacant_villages

    never = f.VillageFactory(district=world.forum_a.district, name="Desa Baru Dimekarkan")
    closed = f.VillageFactory(district=world.forum_a.district, name="Desa Pernah Terisi")
    f.TenureFactory(village=closed, ended_on=datetime.date(2025, 1, 1))
    vacant = set(vacant_villages(forum=world.forum_a))
    assert {never, closed} <= vacant
    assert world.a1 not in vacant  # sekdes_a serves there
