import datetime

import pytest
from django.utils import timezone

from fokuss.pdf import pdf_page_count
from fokuss.terbilang import tanggal_panjang, tanggal_terbilang
from tests import factories as f
from tests.pdftext import pdftotext
from tests.trainings.factories import EventFactory, wib
from trainings import services
from trainings.models import Attendance, IssuedDocument, Minutes

pytestmark = pytest.mark.django_db

NAMES = ["Sri Wahyuni", "Yuliana Kartikasari", "Heru Santoso", "Endang Purwaningsih", "Rina Marlina",
         "Tri Wibowo", "Nur Hidayati", "Slamet Riyadi", "Siti Rohmah", "Wahyu Setiawan", "Ratna Sari Dewi",
         "Joko Susilo", "Lestari Handayani", "Agung Nugroho", "Puji Astuti", "Darmanto", "Eko Prasetyo"]


def meeting_with_minutes(world, *, people: int = 17, finalise: bool = True):
    """A rapat rutin of forum A on Tuesday 17 January 2017 with ``people`` secretaries present plus
    the ketua, finalised minutes with two agenda items."""
    event = EventFactory(forum=world.forum_a, kind="rapat", title="Rapat Rutin FOKUSS Januari 2017",
                         starts_at=wib(2017, 1, 17, 9), ends_at=wib(2017, 1, 17, 12),
                         venue="Aula Kecamatan Sokaraja", agenda="Laporan kegiatan\nRencana bimtek Siskeudes")
    for i, name in enumerate(NAMES[:people]):
        village = f.VillageFactory(district=world.forum_a.district, name=f"Desa Uji {i:02d}")
        user = f.TenureFactory(village=village, user__full_name=name, started_on=datetime.date(2016, 1, 4)).user
        Attendance.objects.create(event=event, person=user, village=village, status="hadir" if i % 5 else "izin",
                                  position_label="Sekretaris Desa", arrived_at=wib(2017, 1, 17, 8, 50))
    minutes = services.minutes_start(event=event, by=world.users["pengurus"])
    services.minutes_save(
        minutes=minutes, by=world.users["pengurus"], chair=world.users["pengurus"], notulis=world.users["sekdes_b"],
        opening="Rapat dibuka oleh Ketua dengan salam dan doa bersama.", closing="Rapat ditutup pukul 12.00 WIB.",
        items=[{"title": "Laporan kegiatan", "discussion": "Ketua menyampaikan laporan kegiatan bulan Desember.",
                "decision": "Laporan diterima.", "follow_ups": [
                    {"what": "Menyusun jadwal bimtek", "owner": world.users["sekdes_a"],
                     "due_on": datetime.date(2017, 2, 1)}]},
               {"title": "Rencana bimtek Siskeudes", "discussion": "Bimtek direncanakan pada bulan Maret.",
                "decision": "Disetujui.", "follow_ups": []}])
    if finalise:
        services.minutes_finalise(minutes=minutes, by=world.users["pengurus"], now=wib(2017, 1, 18, 10))
        minutes.refresh_from_db()
    return event, minutes


def test_minutes_pdf_text_and_pages(world):
    event, minutes = meeting_with_minutes(world)
    document = IssuedDocument.objects.get(minutes=minutes)
    data = document.file.read()
    text = pdftotext(data)

    assert "NOTULEN" in text
    assert f"Nomor: {minutes.number}" in text
    assert tanggal_terbilang(datetime.date(2017, 1, 17)) in text  # "Pada hari ini Selasa tanggal tujuh belas ..."
    assert "Pada hari ini Selasa tanggal tujuh belas bulan Januari tahun dua ribu tujuh belas" in text
    for name in NAMES + ["Bambang Uji Ketua", "Yuli Uji Kartika"]:  # attendees, chair and notulis
        assert name in text, name
    assert "DAFTAR HADIR" in text and "Menyusun jadwal bimtek" in text and "1 Februari 2017" in text
    pages = pdf_page_count(data)
    assert pages == 2
    assert f"Halaman 1 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text
    assert f"/kegiatan/verifikasi/{document.code}/" in text.replace(" ", "") and "DRAF" not in text


def test_draft_minutes_pdf_is_marked_and_has_no_qr(world):
    _event, minutes = meeting_with_minutes(world, people=3, finalise=False)
    pdf = services.minutes_pdf(minutes=minutes)
    assert pdf.stored is None and pdf.filename == f"draf-notulen-{minutes.event_id}.pdf"
    text = pdftotext(pdf.data)
    assert "Lampiran Notulen Nomor (draf)" in text and "verifikasi" not in text.lower()
    assert minutes.status == Minutes.Status.DRAFT


def test_invitation_letter_pdf(world):
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=7)).replace(hour=8, minute=0, second=0,
                                                                                    microsecond=0)
    event = EventFactory(forum=world.forum_a, status="draft", title="Bimtek Penyusunan Perdes", starts_at=start,
                         ends_at=start + datetime.timedelta(hours=8), audience="villages",
                         agenda="Pembukaan\nMateri teknik penyusunan Perdes\nPraktik")
    event.audience_villages.set([world.a1, world.a2])
    services.speaker_add(event=event, name="Drs. Hartono", institution="DPMD Kabupaten Banyumas", topic="Perdes")
    world.users["pengurus"].nip = "198507162010011003"
    world.users["pengurus"].save()
    services.event_publish(event=event, by=world.users["pengurus"])
    document = IssuedDocument.objects.get(event=event, kind="undangan")
    data = document.file.read()
    text = pdftotext(data)
    assert document.number in text
    assert _field(data, "Sifat") == "Biasa" and _field(data, "Lampiran") == "1 (satu) lembar"  # invitees attached
    assert f"Tembusan: 1. Yth. Camat {world.forum_a.district.name} (sebagai laporan); 2. Arsip." in text
    assert "Bambang Uji Ketua NIP. 198507162010011003" in text  # the NIP under the signer's name
    assert tanggal_panjang(start.date()) in text
    assert "Materi teknik penyusunan Perdes" in text and "Drs. Hartono" in text
    assert "Sri Uji Wahyuni" in text and "Yuli Uji Kartika" in text  # daftar undangan (lampiran)
    assert "Bambang Uji Ketua" in text  # the ketua signs
    assert pdf_page_count(data) == 2
    # the letter itself is one page: closing, signature and copies stay under the last paragraph
    first = _page_text(data, 1)
    assert "Demikian undangan ini" in first and "Bambang Uji Ketua" in first and "Tembusan" in first
    assert "Daftar Undangan" not in first


def _field(data: bytes, label: str) -> str:
    """The value after "<label> :" in the letter's heading block (pdftotext -layout keeps the line)."""
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    for line in out.decode().splitlines():
        match = re.match(rf"\s*{label}\s+:\s+(.+?)\s*$", line)
        if match:
            return match.group(1)
    return ""


def _page_text(data: bytes, page: int) -> str:
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-", "-"], input=data, capture_output=True,
                         check=True).stdout
    return re.sub(r"\s+", " ", out.decode())


def test_invitation_letter_keeps_the_organisers_words_in_their_own_paragraph(world, draft_event):
    draft_event.description = "Meningkatkan kapasitas sekretaris desa sesuai Perbup No. 1/2023."
    draft_event.save()
    services.event_publish(event=draft_event, by=world.users["pengurus"])
    data = IssuedDocument.objects.get(event=draft_event, kind="undangan").file.read()
    text = pdftotext(data)
    assert "Dalam rangka" not in text and "1/2023., bersama" not in text
    assert ("Bersama ini kami mengundang Saudara/Saudari untuk hadir dalam pelatihan / bimtek yang akan "
            "diselenggarakan pada:") in text
    assert ("Keterangan kegiatan dari penyelenggara: Meningkatkan kapasitas sekretaris desa sesuai Perbup "
            "No. 1/2023.") in text
    assert text.index("Acara") < text.index("Keterangan kegiatan")  # after the when and where
    assert _field(data, "Sifat") == "Biasa" and _field(data, "Lampiran") == "-"  # every village: nothing attached
    assert "NIP." not in text  # the ketua has none: no empty "NIP." line
    assert pdf_page_count(data) == 1


def test_invitation_for_a_meeting_within_a_week_is_urgent(world):
    from tests.trainings.factories import EventFactory

    event = EventFactory(forum=world.forum_a, status="draft",
                         starts_at=timezone.now() + datetime.timedelta(days=3, hours=1),
                         ends_at=timezone.now() + datetime.timedelta(days=3, hours=4))
    services.event_publish(event=event, by=world.users["pengurus"])
    assert _field(IssuedDocument.objects.get(event=event, kind="undangan").file.read(), "Sifat") == "Segera"


def test_certificate_pdf(world):
    event, _minutes = meeting_with_minutes(world, people=2)
    event.kind = "pelatihan"
    event.title = "Bimtek Siskeudes"
    event.save()
    run = services.certificate_run_start(event=event, by=world.users["pengurus"])
    services.certificate_run_execute(run_id=run.pk)
    certificate = event.certificates.select_related("document").get()
    data = certificate.document.file.read()
    text = pdftotext(data)
    assert "SERTIFIKAT" in text.replace(" ", "") and certificate.number in text and "Yuliana Kartikasari" in text
    assert "Bimtek Siskeudes" in text and "17 Januari 2017" in text and "8 jam pelajaran" in text
    assert pdf_page_count(data) == 1


def test_certificate_design_landscape_with_signers_nip_and_verification(world):
    import subprocess

    from members.models import BoardPosition

    event, _minutes = meeting_with_minutes(world, people=2)
    event.kind = "pelatihan"
    event.save()
    BoardPosition.objects.filter(user=world.users["pengurus"]).update(period_start=datetime.date(2016, 1, 1))
    world.users["pengurus"].nip = "198507162010011003"
    world.users["pengurus"].save()
    secretary = f.UserFactory(full_name="Rahayu Uji Sekretaris", nip="3302190101")
    f.BoardPositionFactory(forum=world.forum_a, user=secretary, position="sekretaris",
                           period_start=datetime.date(2016, 1, 1))
    run = services.certificate_run_start(event=event, by=world.users["pengurus"])
    services.certificate_run_execute(run_id=run.pk)
    certificate = event.certificates.select_related("document").get()
    data = certificate.document.file.read()
    text = pdftotext(data)
    assert f"Nomor: {certificate.number}" in text and "diberikan kepada Yuliana Kartikasari" in text
    assert "sebagai PESERTA dalam Rapat Rutin FOKUSS Januari 2017 yang diselenggarakan" in text
    # two signature columns side by side: each name, then its number below it
    assert text.index("Bambang Uji Ketua") < text.index("NIP. 198507162010011003")  # the ketua: a civil servant's NIP
    assert text.index("Rahayu Uji Sekretaris") < text.index("NIPD. 3302190101")  # a village apparatus number
    # the URL may wrap at a "-" of the random code, and pdftotext drops a hyphen that ends a line
    assert "/kegiatan/verifikasi/" in text
    assert certificate.document.code.replace("-", "") in text.replace(" ", "").replace("-", "")
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "Page size:       841.89 x 595.2" in info  # A4 landscape (wider than high)
    assert pdf_page_count(data) == 1
