import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from obligations import services
from obligations.models import Deadline, Obligation, Submission, derived_status
from tests.obligations.factories import PDF, PNG, deadline, obligation, pdf_upload, submit

D = datetime.date


def test_due_dates_follow_each_recurrence():
    yearly = services.due_dates(recurrence="yearly", rule={"month": 10, "day": 31, "fiscal_year_offset": -1}, year=2026)
    assert yearly == [("TA 2027", D(2026, 10, 31))]  # APBDes 2027 is agreed in October 2026
    lpj = services.due_dates(recurrence="yearly", rule={"month": 3, "day": 31, "fiscal_year_offset": 1}, year=2026)
    assert lpj == [("TA 2025", D(2026, 3, 31))]
    semi = services.due_dates(recurrence="semiannual", rule=[{"month": 1, "day": 31}, {"month": 8, "day": 31}], year=2026)
    assert semi == [("2026-S1", D(2026, 1, 31)), ("2026-S2", D(2026, 8, 31))]
    monthly = services.due_dates(recurrence="monthly", rule={"day": 10}, year=2026)
    assert monthly[0] == ("2025-12", D(2026, 1, 10))  # January's report covers December
    assert len(monthly) == 12
    feb = services.due_dates(recurrence="monthly", rule={"day": 31}, year=2026)[1]
    assert feb == ("2026-01", D(2026, 2, 28))  # clamped to the month's last day
    assert services.due_dates(recurrence="per_term", rule={"months_after_event": 3}, year=2026) == []


@pytest.mark.django_db
def test_seed_loads_all_17_obligations_once_and_keeps_board_edits(world):
    assert services.obligations_seed(forum=world.forum_a) == 17
    lppd = Obligation.objects.get(forum=world.forum_a, code="lppd")
    lppd.name = "LPPD (diubah pengurus)"
    lppd.save()
    assert services.obligations_seed(forum=world.forum_a) == 0
    lppd.refresh_from_db()
    assert lppd.name == "LPPD (diubah pengurus)"
    assert Obligation.objects.filter(forum=world.forum_b).count() == 0


@pytest.mark.django_db
def test_generate_is_idempotent_and_per_village(world):
    services.obligations_seed(forum=world.forum_a)
    created = services.deadlines_generate(forum=world.forum_a, year=2026)
    # 14 yearly (RPJMDes is per term) + 2 semiannual + 12 monthly = 28 per village, 3 villages
    assert created == 28 * 3
    assert services.deadlines_generate(forum=world.forum_a, year=2026) == 0
    assert not Deadline.objects.filter(village=world.b1).exists()
    with pytest.raises(ValidationError):
        services.deadlines_generate(forum=world.forum_a, year=1900)


@pytest.mark.django_db
def test_editing_an_obligation_does_not_rewrite_past_deadlines(world):
    ob = obligation(world.forum_a)
    past = deadline(ob, world.a1, due_on=D(2025, 3, 31))
    future_open = deadline(ob, world.a2, due_on=D(2027, 3, 31))
    future_sent = deadline(ob, world.a3, due_on=D(2027, 3, 31))
    submit(future_sent, world.users["pengurus"])
    _ob, moved = services.obligation_update(obligation=ob, data={"due_rule": {"month": 4, "day": 15,
                                                                              "fiscal_year_offset": 1}},
                                            reschedule_open=True, today=D(2026, 6, 1))
    assert moved == 1
    past.refresh_from_db(), future_open.refresh_from_db(), future_sent.refresh_from_db()
    assert past.due_on == D(2025, 3, 31)  # history kept
    assert future_open.due_on == D(2027, 4, 15)
    assert future_sent.due_on == D(2027, 3, 31)  # already handed in: untouched
    assert ob.history.count() >= 2  # the edit is in the obligation's history


@pytest.mark.django_db
def test_bad_obligation_edit_is_refused_and_nothing_saved(world):
    ob = obligation(world.forum_a)
    with pytest.raises(ValidationError) as exc:
        services.obligation_update(obligation=ob, data={"due_rule": {"bulan": 3}, "name": "Baru"})
    assert "Aturan jatuh tempo" in str(exc.value)
    ob.refresh_from_db()
    assert ob.name.startswith("Laporan Penyelenggaraan")
    with pytest.raises(ValidationError):
        services.obligation_update(obligation=ob, data={"reminder_days": [-3]})


@pytest.mark.django_db
def test_term_event_creates_rpjmdes_three_months_later(world):
    services.obligations_seed(forum=world.forum_a)
    event = services.term_event_record(village=world.a2, forum=world.forum_a, occurred_on=D(2026, 11, 30))
    d = Deadline.objects.get(term_event=event)
    assert d.obligation.code == "rpjmdes" and d.due_on == D(2027, 2, 28)
    with pytest.raises(ValidationError):
        services.term_event_record(village=world.a2, forum=world.forum_a, occurred_on=D(2026, 11, 30))
    with pytest.raises(ValidationError):
        services.term_event_record(village=world.b1, forum=world.forum_a, occurred_on=D(2026, 11, 30))
    assert Deadline.objects.filter(obligation__code="rpjmdes").count() == 1


def test_terlambat_is_derived():
    assert derived_status(state="belum", due_on=D(2026, 1, 1), today=D(2026, 1, 2)) == "terlambat"
    assert derived_status(state="ditolak", due_on=D(2026, 1, 1), today=D(2026, 1, 2)) == "terlambat"
    assert derived_status(state="belum", due_on=D(2026, 1, 2), today=D(2026, 1, 2)) == "belum"
    assert derived_status(state="dikirim", due_on=D(2026, 1, 1), today=D(2026, 3, 2)) == "dikirim"


# Submissions: the bad input of the issue ------------------------------------------------------

@pytest.fixture
def open_deadline(world):
    return deadline(obligation(world.forum_a), world.a1, due_on=D(2027, 3, 31))


def _nothing_saved(d):
    d.refresh_from_db()
    assert d.state == "belum"
    assert not Submission.objects.filter(deadline=d).exists()


@pytest.mark.django_db
def test_wrong_type_is_refused_by_content_not_name(world, open_deadline):
    fake_pdf = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00 this is an exe, not a pdf" * 20,
                                  content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        submit(open_deadline, world.users["sekdes_a"], file=fake_pdf)
    assert "Jenis berkas tidak diterima" in " ".join(exc.value.messages)
    _nothing_saved(open_deadline)
    # a real PNG named .txt is accepted: the content decides
    s = submit(open_deadline, world.users["sekdes_a"], file=SimpleUploadedFile("foto.txt", PNG))
    assert s.file_type == "image/png"


@pytest.mark.django_db
@override_settings(UPLOAD_MAX_BYTES=100)
def test_upload_over_the_size_limit_is_refused(world, open_deadline):
    with pytest.raises(ValidationError) as exc:
        submit(open_deadline, world.users["sekdes_a"], file=pdf_upload(content=PDF + b" " * 200))
    assert "terlalu besar" in " ".join(exc.value.messages)
    _nothing_saved(open_deadline)


@pytest.mark.django_db
def test_empty_submission_is_refused(world, open_deadline):
    with pytest.raises(ValidationError) as exc:
        services.submission_create(deadline=open_deadline, user=world.users["sekdes_a"], reference_number="  ",
                                   note="sudah")
    assert "Lampirkan berkas bukti atau isi nomor surat" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        submit(open_deadline, world.users["sekdes_a"], file=SimpleUploadedFile("kosong.pdf", b""),
               reference_number="")
    assert "Berkas kosong" in " ".join(exc.value.messages)
    _nothing_saved(open_deadline)


@pytest.mark.django_db
def test_reject_needs_a_reason_then_resubmit_then_verify(world, open_deadline):
    s = submit(open_deadline, world.users["sekdes_a"], file=pdf_upload())
    with pytest.raises(ValidationError):
        submit(open_deadline, world.users["sekdes_a"])  # already waiting for verification
    with pytest.raises(ValidationError) as exc:
        services.submission_verify(submission=s, user=world.users["pengurus"], approve=False, reason=" ")
    assert "alasan penolakan" in " ".join(exc.value.messages)
    services.submission_verify(submission=s, user=world.users["pengurus"], approve=False,
                               reason="Tanda terima belum ada")
    open_deadline.refresh_from_db()
    assert open_deadline.state == "ditolak"
    second = submit(open_deadline, world.users["sekdes_a"], reference_number="140/99/2026")
    services.submission_verify(submission=second, user=world.users["camat"], approve=True)
    open_deadline.refresh_from_db()
    assert open_deadline.state == "terverifikasi" and open_deadline.on_time is True
    with pytest.raises(ValidationError):
        services.submission_verify(submission=second, user=world.users["camat"], approve=False, reason="x")
    assert list(open_deadline.submissions.values_list("status", flat=True)) == ["terverifikasi", "ditolak"]


@pytest.mark.django_db
def test_rejection_notifies_the_secretary(world, open_deadline):
    from notifications.models import Delivery

    s = submit(open_deadline, world.users["sekdes_a"])
    services.submission_verify(submission=s, user=world.users["pengurus"], approve=False, reason="Stempel tidak terbaca")
    rows = Delivery.objects.filter(key=f"deadline:{open_deadline.pk}", recipient=world.users["sekdes_a"])
    assert {r.channel for r in rows} == {"inapp", "email", "whatsapp"}
    assert "Stempel tidak terbaca" in rows[0].body


@pytest.mark.django_db
def test_manual_reminder_once_per_day(world, open_deadline):
    from notifications.models import Delivery

    assert services.deadlines_remind(deadlines=[open_deadline], sender=world.users["pengurus"]) == 1
    services.deadlines_remind(deadlines=[open_deadline], sender=world.users["pengurus"])
    assert Delivery.objects.filter(key=f"deadline:{open_deadline.pk}", channel="inapp").count() == 1
    open_deadline.state = "terverifikasi"
    with pytest.raises(ValidationError):
        services.deadlines_remind(deadlines=[open_deadline], sender=world.users["pengurus"])
