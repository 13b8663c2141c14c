"""Demo data for trainings and meetings since the founding of FOKUSS (19 January 2017): a rapat
rutin most months with attendance and final minutes, bimtek (Siskeudes, Perdes drafting, SIPD),
a studi banding, two musyawarah kerja electing the board, certificates and feedback; this year a bimtek,
a studi banding and a pelatihan, and a bimtek just finished whose certificates are still to be
generated; the three latest meetings have follow-up actions on the owners' "Tugas saya" page; one upcoming training
is open for RSVP and full, with a waiting list, and next month's rapat rutin is announced.

History is inserted in bulk; the PDFs of old minutes and certificates are rendered on first
download (services.document_ensure_file), so seeding stays fast."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

from django.utils import timezone

from actions.services import action_item_complete, action_item_create
from competency.models import Competency, Framework
from members.models import SecretaryTenure, User
from members.selectors import board_signatory

from . import selectors, services
from .models import (
    AgendaItem,
    Attendance,
    Event,
    Feedback,
    FollowUp,
    IssuedDocument,
    Minutes,
    Registration,
    Speaker,
)

D = datetime.date
TZ = datetime.timezone(datetime.timedelta(hours=7))
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]
ROMAN = services.ROMAN
VENUES = ["Aula Kantor Kecamatan Sokaraja", "Balai Desa Sokaraja Tengah", "Balai Desa Kalikidang",
          "Balai Desa Wiradadi", "Balai Desa Karangkedawung", "Balai Desa Sokaraja Kidul"]

# (date, days, kind, title, competency codes, hours, venue, speaker (name, institution, topic))
TRAININGS = [
    (D(2018, 3, 13), 2, "pelatihan", "Bimtek Aplikasi Siskeudes v2.0", ["KOMP-KEU", "KOMP-APL"], 16,
     "Aula Kantor Kecamatan Sokaraja", ("Drs. Hartono, M.Si.", "DPMD Kabupaten Banyumas", "Siskeudes v2.0")),
    (D(2019, 7, 16), 1, "pelatihan", "Bimtek Penyusunan Peraturan Desa", ["KOMP-REG"], 8,
     "Aula Kantor Kecamatan Sokaraja", ("Sri Mulyani, S.H.", "Bagian Hukum Setda Banyumas", "Teknik penyusunan Perdes")),
    (D(2021, 9, 21), 1, "pelatihan", "Bimtek Tata Naskah Dinas dan Arsip Desa", ["KOMP-ADM"], 8,
     "Balai Desa Sokaraja Tengah", ("Bambang Sutrisno", None, "Praktik tata naskah dinas")),
    (D(2022, 10, 11), 2, "studi_banding", "Studi Banding Desa Digital ke Kabupaten Purbalingga", ["KOMP-TIK"], 12,
     "Desa Kutabawa, Karangreja, Purbalingga", ("Kepala Desa Kutabawa", "Pemdes Kutabawa", "Layanan desa digital")),
    (D(2024, 5, 14), 1, "pelatihan", "Bimtek Siskeudes Link dan Pelaporan Keuangan Desa", ["KOMP-KEU"], 8,
     "Aula Kantor Kecamatan Sokaraja", ("Endah Wulandari, S.E.", "Inspektorat Kabupaten Banyumas", "Siskeudes Link")),
    (D(2020, 1, 18), 1, "musker", "Musyawarah Kerja FOKUSS 2020: Pemilihan Pengurus 2020–2023", [], 6,
     "Aula Kantor Kecamatan Sokaraja", None),
    (D(2023, 1, 18), 1, "musker", "Musyawarah Kerja FOKUSS 2023: Pemilihan Pengurus 2023–2027", [], 6,
     "Aula Kantor Kecamatan Sokaraja", None),
]

# This year's trainings, placed at a share of the year gone by (so they are in the past and, but for
# the first days of January, in the current year): (share, days, kind, title, codes, hours, venue,
# speaker). The last one has finished and its certificates are still to be generated.
THIS_YEAR = [
    (0.2, 1, "pelatihan", "Bimtek Penyusunan APBDes dan Perdes APBDes", ["KOMP-KEU", "KOMP-REG"], 8,
     "Aula Kantor Kecamatan Sokaraja", ("Endah Wulandari, S.E.", "DPMD Kabupaten Banyumas", "Siklus APBDes")),
    (0.45, 2, "studi_banding", "Studi Banding Tata Kelola Arsip Desa ke Kabupaten Kebumen", ["KOMP-ADM"], 12,
     "Desa Panjer, Kebumen", ("Sekretaris Desa Panjer", "Pemdes Panjer", "Arsip desa tertata")),
    (0.7, 1, "pelatihan", "Pelatihan Aplikasi Surat Desa dan Pelayanan Publik", ["KOMP-TIK", "KOMP-PHD"], 8,
     "Balai Desa Sokaraja Tengah", ("Wahyu Setiawan", None, "Aplikasi surat desa")),
    (0.93, 1, "pelatihan", "Bimtek Penyusunan LPPDes, LKPPDes dan IPPD", ["KOMP-REG", "KOMP-ADM"], 8,
     "Aula Kantor Kecamatan Sokaraja", ("Drs. Hartono, M.Si.", "Bagian Tata Pemerintahan Setda Banyumas",
                                        "Laporan penyelenggaraan pemerintahan desa")),
]
CERTIFICATES_PENDING = THIS_YEAR[-1][3]


def this_year_trainings(today: datetime.date) -> list[tuple]:
    """THIS_YEAR as rows like TRAININGS, dated between 1 January and a week before today."""
    first = D(today.year, 1, 1)
    span = max((today - first).days - 7, 0)
    return [(first + datetime.timedelta(days=round(span * share)) if span else today - datetime.timedelta(days=10 * (4 - i)),
             *rest) for i, (share, *rest) in enumerate(THIS_YEAR)]


RAPAT_TOPICS = [
    ("Evaluasi penyampaian laporan desa", "Beberapa desa terlambat menyampaikan laporan realisasi APBDes.",
     "Sekdes saling mengingatkan melalui grup WhatsApp forum."),
    ("Persiapan Musrenbangdes", "Jadwal Musrenbangdes di 18 desa dibahas agar tidak bentrok.",
     "Jadwal disusun bergilir; disampaikan ke Kasi Pemdes."),
    ("Pemutakhiran data profil desa", "Data Prodeskel belum lengkap di beberapa desa.",
     "Setiap desa melengkapi Prodeskel dalam dua minggu."),
    ("Berbagi praktik baik arsip desa", "Desa Karangkedawung berbagi cara penataan arsip surat.",
     "Forum menyusun contoh klasifikasi arsip bersama."),
    ("Iuran dan kas forum", "Bendahara menyampaikan laporan kas forum.", "Laporan kas diterima."),
]


def _pseudo(key: str, n: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % n


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def seed(*, forum, today: datetime.date, log: Callable[[str], None]) -> None:
    ketua = User.objects.get(email="ketua@fokuss.test")
    framework = Framework.current(forum=forum)
    competencies = {c.code: c for c in Competency.objects.filter(framework=framework)} if framework else {}

    def serving(day):
        """The secretaries serving on the day, with their position label for the daftar hadir."""
        tenures = list(SecretaryTenure.objects.held_on(day).filter(village__district_id=forum.district_id))
        labels = selectors.people_context(forum=forum, person_ids=[t.user_id for t in tenures], day=day)
        return [(t, labels[t.user_id][1]) for t in tenures]

    def chair_and_notulis(day):
        chair = board_signatory(forum=forum, position="ketua", today=day)
        notulis = board_signatory(forum=forum, position="sekretaris", today=day)
        return (chair.pk if chair else None), (notulis.pk if notulis else None)

    # 1. monthly meetings since February 2017 (none in the Ramadan/Lebaran month of some years)
    events: list[Event] = []
    day = D(2017, 2, 14)
    month_index = 0
    last = today.replace(day=1) - datetime.timedelta(days=1)
    while day <= last:
        if _pseudo(f"skip{day:%Y%m}", 9) != 0:
            venue = VENUES[month_index % len(VENUES)]
            events.append(Event(forum=forum, kind=Event.Kind.RAPAT, status=Event.Status.PUBLISHED, venue=venue,
                                title=f"Rapat Rutin {forum.short_name} {BULAN[day.month - 1]} {day.year}",
                                starts_at=_at(day, 9), ends_at=_at(day, 12), created_by=ketua,
                                published_at=_at(day - datetime.timedelta(days=10), 8),
                                agenda="Pembukaan\nLaporan pengurus\nPembahasan\nLain-lain"))
        month_index += 1
        year, month = divmod(day.month, 12)
        day = D(day.year + year, month + 1, 12 + _pseudo(f"d{day:%Y%m}", 6))
    trainings = []
    training_rows = TRAININGS + this_year_trainings(today)
    for start, days, kind, title, _codes, hours, venue, _speaker in training_rows:
        end = start + datetime.timedelta(days=days - 1)
        trainings.append(Event(forum=forum, kind=kind, status=Event.Status.PUBLISHED, title=title, venue=venue,
                               starts_at=_at(start, 8), ends_at=_at(end, 16), hours=hours, created_by=ketua,
                               published_at=_at(start - datetime.timedelta(days=14), 8),
                               agenda="Pembukaan\nMateri\nPraktik\nPenutup" if kind != "musker" else
                               "Laporan pertanggungjawaban pengurus\nPemilihan pengurus\nProgram kerja"))
    Event.objects.bulk_create(events + trainings)
    for event, row in zip(trainings, training_rows, strict=True):
        event.competencies.set([competencies[c] for c in row[4] if c in competencies])
        if row[7]:
            name, institution, topic = row[7]
            if institution is None:
                Speaker.objects.create(event=event, user=ketua, topic=topic)
            else:
                Speaker.objects.create(event=event, name=name, institution=institution, topic=topic)

    # 2. attendance: serving secretaries of the day; most come, a few izin / sakit / alpa
    rows = []
    for event in events + trainings:
        day = event.starts_at.astimezone(TZ).date()
        for t, label in serving(day):
            roll = _pseudo(f"{event.title}{t.user_id}", 100)
            status = "hadir" if roll < 82 else "izin" if roll < 91 else "sakit" if roll < 95 else "alpa"
            scores = {}
            if event.kind == "pelatihan" and status == "hadir":
                pre = 40 + _pseudo(f"pre{event.title}{t.user_id}", 30)
                scores = {"pre_score": pre, "post_score": min(100, pre + 15 + _pseudo(f"p{t.user_id}", 25))}
            rows.append(Attendance(event=event, person_id=t.user_id, village_id=t.village_id, status=status,
                                   position_label=label, recorded_by=ketua,
                                   method="manual", note="" if status == "hadir" else "Tugas desa" if status == "izin"
                                   else "", arrived_at=_at(day, 8, 40 + roll % 20) if status == "hadir" else None,
                                   **scores))
    Attendance.objects.bulk_create(rows)

    # 3. final minutes for every past meeting (PDF rendered on first download)
    minutes_rows, items = [], []
    numbers: dict[int, int] = {}
    for event in events + trainings:
        day = event.starts_at.astimezone(TZ).date()
        chair, notulis = chair_and_notulis(day)
        issued = day + datetime.timedelta(days=2)
        numbers[issued.year] = numbers.get(issued.year, 0) + 1
        minutes_rows.append(Minutes(
            event=event, revision=1, status=Minutes.Status.FINAL, chair_id=chair or ketua.pk,
            notulis_id=notulis or ketua.pk,
            number=f"{numbers[issued.year]:03d}/NOT/{forum.short_name}/{ROMAN[issued.month - 1]}/{issued.year}",
            opening="Rapat dibuka oleh Ketua dengan salam dan doa bersama, dilanjutkan laporan pengurus.",
            closing="Rapat ditutup pukul 12.00 WIB.", finalised_at=_at(issued, 10), finalised_by_id=notulis or ketua.pk))
    Minutes.objects.bulk_create(minutes_rows)
    documents = []
    for m in minutes_rows:
        documents.append(IssuedDocument(forum=forum, event=m.event, kind="notulen", number=m.number, minutes=m,
                                        issued_on=m.finalised_at.astimezone(TZ).date(),
                                        code=services.new_code()))
        if m.event.kind == "rapat":
            a = RAPAT_TOPICS[_pseudo(m.number, len(RAPAT_TOPICS))]
            b = RAPAT_TOPICS[(_pseudo(m.number, len(RAPAT_TOPICS)) + 2) % len(RAPAT_TOPICS)]
            items += [AgendaItem(minutes=m, position=1, title=a[0], discussion=a[1], decision=a[2]),
                      AgendaItem(minutes=m, position=2, title=b[0], discussion=b[1], decision=b[2])]
        elif m.event.kind == "musker":
            items += [AgendaItem(minutes=m, position=1, title="Laporan pertanggungjawaban pengurus",
                                 discussion="Ketua menyampaikan laporan kegiatan dan keuangan periode lalu.",
                                 decision="Laporan pertanggungjawaban diterima."),
                      AgendaItem(minutes=m, position=2, title="Pemilihan pengurus",
                                 discussion="Pemilihan dilakukan secara musyawarah mufakat.",
                                 decision="Pengurus periode baru ditetapkan sebagaimana keputusan forum.")]
        else:
            items += [AgendaItem(minutes=m, position=1, title=m.event.title,
                                 discussion="Materi disampaikan narasumber, dilanjutkan praktik dan tanya jawab.",
                                 decision="Peserta menerapkan materi di desa masing-masing.")]
    IssuedDocument.objects.bulk_create(documents)
    AgendaItem.objects.bulk_create(items)

    # 4. certificates for the trainings (PDF rendered on first download) and some feedback
    certificates = 0
    for event in trainings:
        if not event.is_training or event.title == CERTIFICATES_PENDING:
            continue  # (the latest bimtek: certificates still to be generated by the board)
        day = event.ends_at.astimezone(TZ).date()
        for attendance in event.attendances.filter(status="hadir").order_by("village__name"):
            services.certificate_issue(event=event, attendance=attendance, day=day, render=False)
            certificates += 1
            if _pseudo(f"fb{event.pk}{attendance.person_id}", 3):
                Feedback.objects.create(event=event, person_id=attendance.person_id,
                                        rating=4 + _pseudo(f"r{attendance.person_id}", 2),
                                        comments=["Materi sangat bermanfaat.", "Waktu praktik perlu ditambah.",
                                                  "Narasumber menjelaskan dengan jelas."][
                                                      _pseudo(f"c{attendance.person_id}", 3)])

    # 5. the three latest meetings: follow-ups that became action items on "Tugas saya"
    recent = sorted(events, key=lambda e: e.starts_at)[-3:]
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@fokuss.test")}
    owners = [people["sekdes"], people["sekdes2"], people["heru.santoso"]]
    for n, event in enumerate(recent):
        m = event.minutes.get()
        first = m.items.order_by("position").first()
        due = event.starts_at.astimezone(TZ).date() + datetime.timedelta(days=21)
        fu = FollowUp.objects.create(item=first, what=["Mengirim rekap data Prodeskel ke Kasi Pemdes",
                                                       "Menyusun contoh klasifikasi arsip",
                                                       "Mengumpulkan jadwal Musrenbangdes"][n],
                                     owner=owners[n], due_on=due)
        fu.action_item = action_item_create(forum=forum, owner=fu.owner, title=fu.what, due_on=due, source=fu,
                                            source_label=f"Notulen {event.title}",
                                            source_url=f"/kegiatan/notulen/{m.pk}/", created_by=ketua)
        fu.save(update_fields=["action_item"])
        if event is not recent[-1]:  # older ones are done
            action_item_complete(item=fu.action_item, user=fu.owner, note="Sudah dikirim.")

    # 6. upcoming: a training open for RSVP (full, with a waiting list) and next month's meeting
    now = timezone.now()
    start = _at(today + datetime.timedelta(days=9), 8)
    upcoming = services.event_create(
        forum=forum, created_by=ketua, kind="pelatihan", title="Bimtek Aplikasi SIPD dan Siskeudes Link",
        description="peningkatan kapasitas sekretaris desa dalam perencanaan dan penatausahaan keuangan desa",
        starts_at=start, ends_at=start + datetime.timedelta(hours=8), venue="Aula Kantor Kecamatan Sokaraja",
        map_url="https://maps.google.com/?q=Kantor+Kecamatan+Sokaraja", capacity=10,
        registration_deadline=_at(today + datetime.timedelta(days=6), 16), hours=8,
        competencies=[competencies[c] for c in ("KOMP-KEU", "KOMP-REN") if c in competencies],
        agenda="Pembukaan oleh Camat Sokaraja\nMateri SIPD: perencanaan desa\nPraktik Siskeudes Link\nDiskusi dan penutup",
        invitation_subject="Undangan Bimtek SIPD dan Siskeudes Link")
    Speaker.objects.create(event=upcoming, name="Endah Wulandari, S.E.", institution="DPMD Kabupaten Banyumas",
                           topic="SIPD dan Siskeudes Link")
    Speaker.objects.create(event=upcoming, user=people["agung.nugroho"], topic="Praktik Siskeudes Link")
    services.event_publish(event=upcoming, by=ketua, now=now)
    invited = list(Registration.objects.filter(event=upcoming).select_related("person").order_by("pk"))
    answered = 0
    for reg in invited:
        local = reg.person.email.split("@")[0]
        if local in ("sekdes", "sekdes2"):
            continue  # the demo secretaries answer themselves
        roll = _pseudo(f"rsvp{reg.person_id}", 10)
        if roll < 7 or answered < 13:
            services.rsvp_respond(event=upcoming, person=reg.person, response="hadir", now=now)
        elif roll < 9:
            services.rsvp_respond(event=upcoming, person=reg.person, response="izin", now=now,
                                  reason="Bersamaan dengan Musdes APBDes Perubahan")
        answered += 1
    meeting_day = (today.replace(day=1) + datetime.timedelta(days=40)).replace(day=14)
    meeting = services.event_create(
        forum=forum, created_by=ketua, kind="rapat", title=f"Rapat Rutin {forum.short_name} "
        f"{BULAN[meeting_day.month - 1]} {meeting_day.year}", starts_at=_at(meeting_day, 9),
        ends_at=_at(meeting_day, 12), venue="Balai Desa Kalikidang", agenda="Pembukaan\nLaporan pengurus\n"
        "Evaluasi laporan desa\nLain-lain")
    services.event_publish(event=meeting, by=ketua, now=now)
    waiting = Registration.objects.filter(event=upcoming, response="menunggu").count()
    log(f"- {len(events)} rapat rutin, {len(trainings)} pelatihan/musker, {len(rows)} kehadiran, "
        f"{certificates} sertifikat; pelatihan mendatang dengan {waiting} orang di daftar tunggu")
