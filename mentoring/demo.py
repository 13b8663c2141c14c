"""Demo mentoring: plans in every stage (one finished with before/after levels, one stalled, one
stopped, a group of two mentees), sessions (one imported from WhatsApp) and next steps."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from actions.models import ActionItem
from competency.models import Assessment, AssessmentRound, Framework
from competency.selectors import serving_tenures
from members.models import User

from .models import MentoringPlan, MentoringSession, MentorKind, StageChange

DAY = datetime.timedelta(days=1)


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@fokuss.test")


def seed(*, forum, today, log) -> None:
    framework = Framework.current(forum=forum)
    comp = {c.code: c for c in framework.competencies.all()}
    ketua = _user("ketua")
    village = {t.user_id: t.village for t in serving_tenures(forum=forum, day=today).select_related("village")}
    tz = timezone.get_current_timezone()

    def at(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=tz)

    def plan(mentee, mentor, kind, code, *, started, stage, baseline, goal, status="aktif", sessions=(),
             closed=None, final=None, note=""):
        p = MentoringPlan.objects.create(
            forum=forum, mentee=mentee, village=village.get(mentee.pk), mentor=mentor, mentor_kind=kind,
            competency=comp[code], goal=goal, target_level=3, baseline_level=baseline, stage=stage, status=status,
            started_on=started, closed_on=closed, final_level=final, close_note=note, created_by=ketua)
        StageChange.objects.create(plan=p, from_stage=None, to_stage=1, changed_by=ketua, changed_at=at(started),
                                   note="Rencana dimulai.")
        for s in range(2, stage + 1):
            StageChange.objects.create(plan=p, from_stage=s - 1, to_stage=s, changed_by=mentor,
                                       changed_at=at(started + (s - 1) * 21 * DAY), note="Sesi tahap sebelumnya tuntas.")
        for held, mode, minutes, topic, notes in sessions:
            session = MentoringSession.objects.create(forum=forum, held_on=held, mode=mode, duration_minutes=minutes,
                                                      topic=topic, notes=notes, logged_by=mentor,
                                                      imported_from="Chat WhatsApp dengan mentor.txt"
                                                      if mode == "whatsapp" else "")
            session.plans.add(p)
        return p

    heru, eko = _user("heru.santoso"), _user("eko.prasetyo")
    wahyu, siti = _user("wahyu.setiawan"), _user("siti.rohmah")
    agung, tri = _user("agung.nugroho"), _user("tri.wibowo")
    dewi, rina = _user("pendamping"), _user("rina.marlina")
    lestari, puji = _user("lestari.h"), _user("puji.astuti")
    joko, slamet = _user("joko.susilo"), _user("slamet.riyadi")

    # finished: Siti Rohmah, computer literacy, 2 -> 3, with the closing re-assessment
    s0 = today - 200 * DAY
    done = plan(siti, wahyu, MentorKind.PEER, "KOMP-TIK", started=s0, stage=4, baseline=2, status="selesai",
                closed=today - 20 * DAY, final=3, note="Siti sudah mengelola arsip digital dan surel sendiri.",
                goal="Mampu mengetik surat, mengirim PDF hasil pindai lewat surel, dan mencadangkan arsip sendiri.",
                sessions=[
                    (s0 + 7 * DAY, "kunjungan", 120, "Mengenal folder arsip dan pengolah kata", "Latihan surat undangan."),
                    (s0 + 30 * DAY, "tatap_muka", 90, "Memindai dan mengirim PDF", "Berhasil kirim ke kecamatan."),
                    (s0 + 60 * DAY, "whatsapp", 30, "Tanya jawab kata sandi akun",
                     "12/05/26 19.02 - Siti Rohmah: Pak, kata sandi Siskeudes harus diganti tiap berapa bulan?\n"
                     "12/05/26 19.05 - Wahyu Setiawan: Idealnya 3 bulan sekali, Bu. Jangan dicatat di meja ya 🙏"),
                    (s0 + 110 * DAY, "tatap_muka", 60, "Cadangan ke penyimpanan awan", "Jadwal cadangan bulanan."),
                ])
    recent = AssessmentRound.objects.filter(forum=forum).order_by("-starts_on").first()
    final = Assessment.objects.create(
        forum=forum, round=recent, person=siti, village=village.get(siti.pk), competency=comp["KOMP-TIK"], level=3,
        method=Assessment.Method.MENTORING, assessor=ketua, assessed_on=today - 20 * DAY,
        evidence_note="Penilaian ulang saat menutup rencana pendampingan.", status=Assessment.Status.VALIDATED,
        validated_by=ketua, validated_at=at(today - 20 * DAY))
    done.final_assessment = final
    done.save(update_fields=["final_assessment"])

    # stage 3: Eko Prasetyo, Siskeudes, mentored by a level-4 peer
    s1 = today - 90 * DAY
    eko_plan = plan(eko, heru, MentorKind.PEER, "KOMP-APL", started=s1, stage=3, baseline=2,
                    goal="Menginput APBDes dan realisasi di Siskeudes tanpa bantuan operator.",
                    sessions=[(s1 + 5 * DAY, "kunjungan", 120, "Struktur anggaran di Siskeudes", "Input RAB bidang 1."),
                              (s1 + 28 * DAY, "daring", 60, "Penatausahaan", "Latihan SPP dan SPJ."),
                              (today - 12 * DAY, "tatap_muka", 90, "Pelaporan semester", "Cetak laporan realisasi.")])
    ActionItem.objects.create(forum=forum, owner=eko, title="Input realisasi bulan ini di Siskeudes",
                              due_on=today + 7 * DAY, source_type=ContentType.objects.get_for_model(MentoringSession),
                              source_id=eko_plan.sessions.order_by("-held_on").first().pk,
                              source_label="Pendampingan KOMP-APL: Pelaporan semester",
                              source_url=f"/pendampingan/rencana/{eko_plan.pk}/", created_by=heru)

    # stage 2: Tri Wibowo (Plt), village finance, with a board member
    s2 = today - 40 * DAY
    plan(tri, agung, MentorKind.BOARD, "KOMP-KEU", started=s2, stage=2, baseline=2,
         goal="Memahami siklus pengelolaan keuangan desa sebagai Plt sekretaris.",
         sessions=[(s2 + 3 * DAY, "tatap_muka", 90, "Siklus keuangan desa", "Permendagri 20/2018."),
                   (today - 6 * DAY, "telepon", 20, "Verifikasi SPP", "")])

    # stage 1, stalled: Rina Marlina with the pendamping, no session yet
    plan(rina, dewi, MentorKind.PENDAMPING, "KOMP-KEU", started=today - 50 * DAY, stage=1, baseline=1,
         goal="Naik dari tingkat 1 ke tingkat 3 dalam Pengelolaan Keuangan Desa.")

    # group mentoring: Wahyu with Lestari and Puji, one group session
    s3 = today - 30 * DAY
    g1 = plan(lestari, wahyu, MentorKind.PEER, "KOMP-TIK", started=s3, stage=2, baseline=2,
              goal="Mengelola surel dan arsip digital secara mandiri.")
    g2 = plan(puji, wahyu, MentorKind.PEER, "KOMP-TIK", started=s3, stage=2, baseline=2,
              goal="Mengelola surel dan arsip digital secara mandiri.")
    group = MentoringSession.objects.create(forum=forum, held_on=s3 + 4 * DAY, mode="tatap_muka",
                                            duration_minutes=120, topic="Kelas kecil: surel dan arsip digital",
                                            notes="Sesi kelompok di balai desa Lemberang.", logged_by=wahyu)
    group.plans.add(g1, g2)
    MentoringSession.objects.create(forum=forum, held_on=today - 3 * DAY, mode="whatsapp", duration_minutes=15,
                                    topic="Tanya jawab cadangan arsip", logged_by=wahyu,
                                    notes="Lestari dan Puji berbagi tangkapan layar folder arsip.").plans.add(g1, g2)

    # stopped
    plan(slamet, joko, MentorKind.PEER, "KOMP-PHD", started=today - 150 * DAY, stage=1, baseline=2,
         status="dihentikan", closed=today - 100 * DAY, note="Mentor dimutasi tugas; dijadwalkan ulang.",
         goal="Menyusun rancangan Perdes sesuai teknik penyusunan.")
    log(f"  {MentoringPlan.objects.filter(forum=forum).count()} rencana pendampingan, "
        f"{MentoringSession.objects.filter(forum=forum).count()} sesi")
