"""The kabupaten roll-up: every kecamatan forum of the regency side by side, for kabupaten staff
only; staff of another kabupaten see only their own forums; constant queries at 2 and 6 forums."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from members.models import Forum, Village
from members.selectors import actor_for
from obligations.models import Deadline
from reports.rollup import kabupaten_rollup
from tests import factories as f
from tests.competency.factories import RoundFactory, assess
from tests.obligations.factories import deadline, obligation

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def test_kabupaten_staff_read_every_forum_of_the_regency_and_must_use_totp(world):
    actor = actor_for(world.users["kabupaten"])
    assert actor.kabupaten_forums == {world.forum_a.pk, world.forum_b.pk}
    assert actor.needs_mfa
    assert actor.reader_of(world.forum_b.pk) and not actor.overseer_of(world.forum_b.pk)
    assert not actor.participant_of(world.forum_a.pk)


def test_figures_side_by_side(world):
    ob = obligation(world.forum_a)
    done = deadline(ob, world.a1, due_on=datetime.date(2026, 3, 10), period="2026-03")
    Deadline.objects.filter(pk=done.pk).update(state="terverifikasi", completed_on=datetime.date(2026, 3, 9))
    deadline(ob, world.a2, due_on=datetime.date(2026, 3, 10), period="2026-03")
    deadline(ob, world.a2, due_on=datetime.date(2026, 12, 10), period="2026-12")  # not due yet
    round_ = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 2, 1))
    assess(world.users["sekdes_a"], "KOMP-TIK", 3, round=round_, village=world.a1)
    assess(world.users["sekdes_b"], "KOMP-TIK", 1, round=round_, village=world.a2)
    rollup = kabupaten_rollup(forum_ids=actor_for(world.users["kabupaten"]).kabupaten_forums, today=TODAY)
    rows = {r.forum.pk: r for r in rollup.rows}
    a, b = rows[world.forum_a.pk], rows[world.forum_b.pk]
    assert (a.villages, a.secretaries, a.due, a.on_time, a.on_time_rate) == (3, 3, 2, 1, 50.0)
    assert (a.levels_assessed, a.independent_share) == (2, 50.0)
    assert (b.villages, b.secretaries, b.due, b.on_time_rate) == (1, 1, 0, None)
    assert [str(r) for r in rollup.regencies] == ["Banyumas"]


def _other_kabupaten(world):
    regency = f.RegencyFactory(code="33.03", name="Purbalingga")
    district = f.DistrictFactory(code="33.03.01", name="Kemangkon", regency=regency)
    forum = f.ForumFactory(district=district, short_name="FOKUS KEMANGKON")
    f.VillageFactory(district=district, code="33.03.01.2001", name="Desa Uji Purbalingga")
    staff = f.KabupatenStaffFactory(regency=regency, user__full_name="Staf Uji Purbalingga").user
    return forum, staff


def test_staff_of_another_kabupaten_see_only_their_own_forums(world, login):
    forum, staff = _other_kabupaten(world)
    assert actor_for(staff).kabupaten_forums == {forum.pk}
    client = login(staff)
    page = client.get(reverse("reports:kabupaten"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "FOKUS KEMANGKON" in body and "Sokaraja" not in body and "Kembaran" not in body
    assert client.get(reverse("reports:village_profile", kwargs={"code": world.a1.code})).status_code == 404
    # and the Banyumas staff never see Purbalingga
    banyumas = login(world.users["kabupaten"]).get(reverse("reports:kabupaten")).content.decode()
    assert "FOKUS KEMANGKON" not in banyumas and "Kembaran" in banyumas


def test_kabupaten_staff_never_write(world, login):
    client = login(world.users["kabupaten"])
    assert client.post(reverse("obligations:remind"), {"deadline": [], "next": "/"}).status_code == 403
    assert client.get(reverse("trainings:event_create")).status_code == 403
    assert client.get(reverse("members:invite")).status_code == 403


def test_page_export_and_pdf(world, login):
    client = login(world.users["kabupaten"])
    page = client.get(reverse("reports:kabupaten"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and "Unduh XLSX" in page.content.decode()
    rows = list(csv.reader(io.StringIO(client.get(reverse("reports:kabupaten"), {"format": "csv"})
                                       .content.decode("utf-8-sig"))))
    assert rows[0] == ["Kabupaten Banyumas"]
    assert [r[1] for r in rows[5:]] == ["Sokaraja", "Kembaran"]
    assert client.get(reverse("reports:kabupaten"), {"format": "pdf"}).status_code == 400
    year = datetime.date.today().year
    # the old PDF address leads to the page, where the PDF is asked for (tests/reports/test_kabupaten_pdf.py)
    old = client.get(reverse("reports:kabupaten_pdf", kwargs={"year": year}))
    assert old.status_code == 302 and old["Location"] == f"/laporan/kabupaten/?tahun={year}"
    assert client.get(reverse("reports:kabupaten_pdf", kwargs={"year": 1990})).status_code == 404


def _grow(world, forums: int):
    """Banyumas gets ``forums`` forums in total, each with two villages."""
    regency = world.forum_a.district.regency
    while Forum.objects.filter(district__regency=regency).count() < forums:
        n = Forum.objects.count()
        district = f.DistrictFactory(code=f"33.02.{40 + n:02d}", name=f"Kecamatan Beban {n}", regency=regency)
        forum = f.ForumFactory(district=district, short_name=f"FORUM {n}")
        Village.objects.bulk_create(Village(district=district, code=f"33.02.{40 + n:02d}.{2001 + i}",
                                            name=f"Desa {n}-{i}") for i in range(2))
        ob = obligation(forum, code=f"beban{n}")
        for v in Village.objects.filter(district=district):
            deadline(ob, v, due_on=datetime.date.today() - datetime.timedelta(days=3))


ROLLUP_QUERIES = {"page": 16, "csv": 16}  # page: + the newest PDF asked for; csv: + the audit-trail row


@pytest.mark.parametrize("fmt", ["page", "csv"])
def test_constant_queries_at_2_and_6_forums(fmt, world, login, django_assert_num_queries):
    client = login(world.users["kabupaten"])
    query = {} if fmt == "page" else {"format": fmt}
    with django_assert_num_queries(ROLLUP_QUERIES[fmt]):
        assert client.get(reverse("reports:kabupaten"), query).status_code == 200
    _grow(world, 6)
    with django_assert_num_queries(ROLLUP_QUERIES[fmt]):
        response = client.get(reverse("reports:kabupaten"), query)
    assert response.status_code == 200
    assert Forum.objects.filter(district__regency=world.forum_a.district.regency).count() == 6
