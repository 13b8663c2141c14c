"""Synthetic national-scale data for the deadline sweep: up to 7,285 kecamatan (each with a forum,
a ketua and a camat office) and 75,266 villages (each with a serving secretary), the 17
obligations per forum and one year of deadlines per village (28 each: 2.1 million rows).

Fictional people and codes. On PostgreSQL the deadlines are loaded with COPY; on SQLite with
bulk inserts (use --villages to scale down).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fokuss_bench_sweep .venv/bin/python bench/national_data.py
    .venv/bin/python bench/national_data.py --kecamatan 100 --villages 1000     # SQLite scratch file
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import time

KECAMATAN = 7285
VILLAGES = 75266


def generate(*, kecamatan: int = KECAMATAN, villages: int = VILLAGES, year: int = 2026, first_province: int = 11,
             log=print) -> dict:
    """``first_province``: the code of the first synthetic province (bench/load.py starts at 51 to
    load them beside the demo's Jawa Tengah, 33)."""
    from django.db import connection, transaction

    from members.models import (
        BoardPosition,
        District,
        Forum,
        KecamatanStaff,
        Province,
        Regency,
        SecretaryTenure,
        User,
        Village,
    )
    from obligations import services
    from obligations.models import Deadline, Obligation

    started = time.perf_counter()
    per_regency, per_province = 14, 15
    with transaction.atomic():
        n_regencies = -(-kecamatan // per_regency)
        n_provinces = -(-n_regencies // per_province)
        provinces = Province.objects.bulk_create(
            [Province(code=f"{first_province + p:02d}", name=f"Provinsi Sintetis {p + 1}") for p in range(n_provinces)])
        regencies = Regency.objects.bulk_create(
            [Regency(province=provinces[r // per_province], code=f"{first_province + r // per_province:02d}.{r % per_province + 1:02d}",
                     name=f"Kabupaten Sintetis {r + 1}") for r in range(n_regencies)])
        districts = District.objects.bulk_create(
            [District(regency=regencies[k // per_regency], code=f"{regencies[k // per_regency].code}.{k % per_regency + 1:02d}",
                      name=f"Kecamatan Sintetis {k + 1}") for k in range(kecamatan)], batch_size=5000)
        forums = Forum.objects.bulk_create(
            [Forum(district=d, short_name=f"FKS{i + 1}") for i, d in enumerate(districts)], batch_size=5000)
        base, extra = divmod(villages, kecamatan)
        village_rows = []
        for k, d in enumerate(districts):
            for j in range(base + (1 if k < extra else 0)):
                village_rows.append(Village(district=d, code=f"{d.code}.{2001 + j}", name=f"Desa {k + 1}-{j + 1}"))
        all_villages = Village.objects.bulk_create(village_rows, batch_size=10000)
        log(f"  regions: {n_provinces} provinsi, {n_regencies} kabupaten, {kecamatan} kecamatan, {len(all_villages)} desa")
        users = User.objects.bulk_create(
            [User(email=f"sekdes{i}@sintetis.test", full_name=f"Sekdes Sintetis {i}", whatsapp=f"+62812{i:08d}",
                  password="!") for i in range(len(all_villages))]
            + [User(email=f"camat{i}@sintetis.test", full_name=f"Kasi Pemdes {i}", whatsapp=f"+62813{i:08d}",
                    password="!") for i in range(kecamatan)], batch_size=10000)
        start = datetime.date(2020, 1, 1)
        SecretaryTenure.objects.bulk_create(
            [SecretaryTenure(user=u, village=v, started_on=start) for u, v in zip(users, all_villages, strict=False)],
            batch_size=10000)
        first_village = {}
        for u, v in zip(users, all_villages, strict=False):
            first_village.setdefault(v.district_id, u)
        BoardPosition.objects.bulk_create(
            [BoardPosition(forum=f, user=first_village[f.district_id], position="ketua", period_start=start,
                           period_end=datetime.date(2030, 1, 1)) for f in forums], batch_size=10000)
        KecamatanStaff.objects.bulk_create(
            [KecamatanStaff(user=u, district=d, position="kasi_pemdes", started_on=start)
             for u, d in zip(users[len(all_villages):], districts, strict=True)], batch_size=10000)
        log(f"  people: {len(users)} akun, {len(all_villages)} sekdes, {len(forums)} ketua")
        # The 17 obligations per forum, from the seed file of the first forum.
        services.obligations_seed(forum=forums[0])
        template = list(Obligation.objects.filter(forum=forums[0]))
        Obligation.objects.bulk_create(
            [Obligation(forum=f, code=o.code, name=o.name, legal_basis=o.legal_basis, recurrence=o.recurrence,
                        due_rule=o.due_rule, submitted_to=o.submitted_to, reminder_days=o.reminder_days,
                        evidence=o.evidence, notes=o.notes, approximate=o.approximate, order=o.order)
             for f in forums[1:] for o in template], batch_size=10000)
        obligation_ids: dict[tuple[int, str], int] = {
            (f, c): pk for pk, f, c in Obligation.objects.values_list("pk", "forum_id", "code")}
        forum_of_district = {f.district_id: f.pk for f in forums}
        dates = [(o.code, period, due) for o in template
                 for period, due in services.due_dates(recurrence=o.recurrence, rule=o.due_rule, year=year)]
        now = datetime.datetime.now(datetime.UTC)
        count = 0
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for v in all_villages:
                forum_id = forum_of_district[v.district_id]
                for code, period, due in dates:
                    writer.writerow([obligation_ids[(forum_id, code)], v.pk, forum_id, period, due.year, due.isoformat(),
                                     "belum", now.isoformat(), now.isoformat()])
                    count += 1
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f"COPY {Deadline._meta.db_table} (obligation_id, village_id, forum_id, period, year, due_on, state,"
                    " created_at, updated_at) FROM STDIN WITH (FORMAT csv)", buffer)
                cursor.execute(f"ANALYZE {Deadline._meta.db_table}")
        else:
            batch = []
            for v in all_villages:
                forum_id = forum_of_district[v.district_id]
                for code, period, due in dates:
                    batch.append(Deadline(obligation_id=obligation_ids[(forum_id, code)], village_id=v.pk,
                                          forum_id=forum_id, period=period, year=due.year, due_on=due))
                if len(batch) >= 20000:
                    Deadline.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            Deadline.objects.bulk_create(batch)
            count += len(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(f"  {count} tenggat ({len(dates)} per desa) for {year}; generated in {time.perf_counter() - started:.1f} s")
    return {"villages": len(all_villages), "deadlines": count}


def extend() -> None:
    """What :func:`generate` leaves out and the portal's pages read, for every synthetic forum (province
    codes from 51 up, as bench/load.py loads them): an assessment round with
    each secretary's validated levels in every competency of the standard framework, a training per
    quarter of this year with the secretaries' attendance at the first, and a sent in-app delivery
    per secretary. Once per database (about 1.3 million rows)."""
    from django.db import transaction
    from django.utils import timezone

    from competency.models import Assessment, AssessmentRound
    from competency.services import framework_load_seed
    from members.models import BoardPosition, Forum, SecretaryTenure
    from notifications.models import Delivery
    from trainings.models import Attendance, Event

    synthetic = Forum.objects.filter(district__regency__province__code__gte="51")
    if AssessmentRound.objects.filter(forum__in=synthetic).exists():
        return
    started = time.perf_counter()
    framework = framework_load_seed()
    competencies = list(framework.competencies.all())
    year = timezone.localdate().year
    ketua = dict(BoardPosition.objects.filter(forum__in=synthetic).values_list("forum_id", "user_id"))
    forum_ids = list(synthetic.values_list("pk", flat=True))
    tenures = list(SecretaryTenure.objects.filter(village__district__forum__in=forum_ids, ended_on__isnull=True)
                   .values_list("user_id", "village_id", "village__district__forum"))
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        rounds = AssessmentRound.objects.bulk_create(
            [AssessmentRound(forum_id=f, framework=framework, name=f"Pemetaan {year}",
                             starts_on=datetime.date(year, 1, 10)) for f in forum_ids], batch_size=5000)
        round_of = {r.forum_id: r.pk for r in rounds}
        events = Event.objects.bulk_create(
            [Event(forum_id=f, kind=Event.Kind.PELATIHAN, title=f"Bimtek triwulan {q}", venue="Aula kecamatan",
                   starts_at=datetime.datetime(year, 3 * q - 1, 20, 9, tzinfo=tz),
                   ends_at=datetime.datetime(year, 3 * q - 1, 20, 15, tzinfo=tz), status=Event.Status.PUBLISHED,
                   hours=6) for f in forum_ids for q in (1, 2, 3, 4)], batch_size=5000)
        first_event = {}
        for e in events:
            first_event.setdefault(e.forum_id, e.pk)
        rows = [Assessment(forum_id=f, round_id=round_of[f], person_id=u, village_id=v, competency=c,
                           level=1 + (u + i) % 4, method=Assessment.Method.choices[0][0], assessor_id=ketua.get(f, u),
                           status=Assessment.Status.VALIDATED, assessed_on=datetime.date(year, 1, 20))
                for u, v, f in tenures for i, c in enumerate(competencies)]
        Assessment.objects.bulk_create(rows, batch_size=10000)
        Attendance.objects.bulk_create(
            [Attendance(event_id=first_event[f], person_id=u, village_id=v, status="hadir") for u, v, f in tenures],
            batch_size=10000)
        Delivery.objects.bulk_create(
            [Delivery(key=f"bench:{u}", recipient_id=u, channel="inapp", slot="H-7", forum_id=f,
                      subject="Tenggat APBDes", body="Tenggat dalam 7 hari.", status=Delivery.Status.SENT)
             for u, _v, f in tenures], batch_size=10000)
    print(f"national data extended: {len(rounds)} rounds, {len(rows)} assessments, {len(events)} events, "
          f"{len(tenures)} attendances and deliveries in {time.perf_counter() - started:.0f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kecamatan", type=int, default=KECAMATAN)
    parser.add_argument("--villages", type=int, default=VILLAGES)
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    from _django import setup

    setup(name="national")
    generate(kecamatan=args.kecamatan, villages=args.villages, year=args.year)


if __name__ == "__main__":
    main()
