"""Demo data for competency: the framework, the first mapping (Pemetaan Agustus 2018) and a recent
round showing improvement for the serving secretaries, with grades spread over A, B and C. Sri Wahyuni (sekdes@fokuss.test) has not
assessed herself in the recent round yet, and Ratna Sari Dewi's self-assessment waits for the
board's validation."""

from __future__ import annotations

import datetime
import hashlib

from django.utils import timezone

from members.models import BoardPosition, User

from .models import Assessment, AssessmentRound, Framework
from .selectors import serving_tenures
from .services import framework_load_seed

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
D = datetime.date

# (email local part, code) -> (level 2018, level recent): the pairs the mentoring demo relies on
FIXED = {
    ("heru.santoso", "KOMP-APL"): (3, 4),
    ("wahyu.setiawan", "KOMP-TIK"): (3, 4),
    ("agung.nugroho", "KOMP-KEU"): (3, 4),
    ("joko.susilo", "KOMP-REG"): (3, 4),
    ("siti.rohmah", "KOMP-TIK"): (1, 2),
    ("eko.prasetyo", "KOMP-APL"): (1, 2),
    ("lestari.h", "KOMP-TIK"): (1, 2),
    ("puji.astuti", "KOMP-TIK"): (1, 2),
    ("rina.marlina", "KOMP-KEU"): (None, 1),
    ("tri.wibowo", "KOMP-KEU"): (None, 2),
    ("slamet.riyadi", "KOMP-PHD"): (1, 2),
    ("sekdes", "KOMP-APL"): (1, None),
    ("sekdes", "KOMP-TIK"): (2, None),
}


def _pseudo(key: str, spread: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % spread


# How far each secretary is (the rest are strong): the grades on the heatmap spread over A, B and C,
# and the weak ones have the gaps the mentoring suggestions work on.
WEAK = {"siti.rohmah", "eko.prasetyo", "tri.wibowo", "rina.marlina", "lestari.h"}
MIDDLE = {"puji.astuti", "slamet.riyadi", "endang.p", "nur.hidayati", "ratna.dewi", "sekdes2"}


def levels_for(local: str, code: str, *, served_2018: bool) -> tuple[int | None, int | None]:
    if (local, code) in FIXED:
        return FIXED[(local, code)]
    if local in WEAK:  # mostly 1-2: grade C
        after = 3 if _pseudo(f"{local}/{code}/up", 9) == 0 else 1 + _pseudo(f"{local}/{code}/base", 2)
    elif local in MIDDLE:  # 2 or 3: grade B (some C or A)
        after = 3 if _pseudo(f"{local}/{code}/base", 5) < 2 else 2
    else:  # 3 or 4, now and then a 2: grade A
        after = 2 if _pseudo(f"{local}/{code}/down", 9) == 0 else 3 + _pseudo(f"{local}/{code}/base", 2)
    before = max(1, min(3, after - _pseudo(f"{local}/{code}/gain", 3))) if served_2018 else None
    return before, after


def seed(*, forum, today, log) -> None:
    framework = framework_load_seed()
    # The demo's history starts with the 2018 mapping, so the standard dates from before it.
    published = datetime.datetime(2018, 7, 2, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    Framework.objects.filter(pk=framework.pk, published_at__gt=published).update(published_at=published)
    competencies = list(framework.competencies.all())
    ketua = User.objects.get(email="ketua@fokuss.test")
    start_recent = today - datetime.timedelta(days=45)
    r2018 = AssessmentRound.objects.create(forum=forum, framework=framework, name="Pemetaan Agustus 2018",
                                           starts_on=D(2018, 8, 1), ends_on=D(2018, 8, 31), created_by=ketua)
    recent = AssessmentRound.objects.create(
        forum=forum, framework=framework, name=f"Pemetaan {MONTHS[start_recent.month - 1]} {start_recent.year}",
        starts_on=start_recent, created_by=ketua)
    now = timezone.now()
    rows = []
    tenures = serving_tenures(forum=forum, day=today).select_related("user", "village")
    for t in tenures:
        local = t.user.email.split("@")[0]
        served_2018 = t.started_on <= D(2018, 8, 1)
        for c in competencies:
            before, after = levels_for(local, c.code, served_2018=served_2018)
            if before is not None and served_2018:
                rows.append(Assessment(
                    forum=forum, round=r2018, person=t.user, village=t.village, competency=c, level=before,
                    method=Assessment.Method.BOARD, assessor=ketua, assessed_on=D(2018, 8, 20),
                    evidence_note="Pemetaan awal oleh pengurus bersama pendamping.",
                    status=Assessment.Status.VALIDATED, validated_by=ketua, validated_at=now))
            if local in ("sekdes", "darmanto") or after is None:
                continue  # not assessed in the recent round yet
            pending = local == "ratna.dewi"
            rows.append(Assessment(
                forum=forum, round=recent, person=t.user, village=t.village, competency=c, level=after,
                method=Assessment.Method.SELF, assessor=t.user, assessed_on=start_recent + datetime.timedelta(days=3),
                evidence_note="" if pending else "Dicek pengurus dengan bukti dokumen di kantor desa.",
                status=Assessment.Status.SUBMITTED if pending else Assessment.Status.VALIDATED,
                validated_by=None if pending else ketua, validated_at=None if pending else now))
    Assessment.objects.bulk_create(rows)
    log(f"  kerangka v{framework.version}: {len(competencies)} kompetensi; putaran {r2018.name} dan {recent.name}: "
        f"{len(rows)} penilaian")


def seed_neighbour(*, forum, today, log) -> None:
    """A neighbouring forum of the kabupaten (roll-up demo): one mapping round this year, validated
    by its ketua, with its own spread of levels."""
    framework = framework_load_seed()
    competencies = list(framework.competencies.all())
    ketua = BoardPosition.objects.held_on(today).filter(forum=forum).select_related("user").first().user
    starts = today - datetime.timedelta(days=60)
    round_ = AssessmentRound.objects.create(forum=forum, framework=framework,
                                            name=f"Pemetaan {MONTHS[starts.month - 1]} {starts.year}",
                                            starts_on=starts, created_by=ketua)
    now = timezone.now()
    rows = [Assessment(forum=forum, round=round_, person=t.user, village=t.village, competency=c,
                       level=1 + _pseudo(f"{forum.short_name}/{t.user.email}/{c.code}", 4),
                       method=Assessment.Method.BOARD, assessor=ketua, assessed_on=starts + datetime.timedelta(days=5),
                       status=Assessment.Status.VALIDATED, validated_by=ketua, validated_at=now)
            for t in serving_tenures(forum=forum, day=today).select_related("user", "village") for c in competencies]
    Assessment.objects.bulk_create(rows)
    log(f"  {forum.short_name}: putaran {round_.name}, {len(rows)} penilaian")
