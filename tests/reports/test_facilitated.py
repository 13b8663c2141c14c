""""Desa dampingan saya": the villages assigned to the pendamping today with the secretary (or the
vacancy), open and overdue deadlines, competency levels and grade, active mentoring; the same rows as
CSV / XLSX; the dashboard panel and the menu entry; the directory's filter; exact queries at 3 and
20 villages."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from fokuss.cache import forum_version_bump
from members.models import FacilitatorAssignment
from mentoring.models import MentoringPlan
from tests import factories as f
from tests.competency.factories import RoundFactory, assess, framework
from tests.mentoring.factories import PlanFactory
from tests.obligations.factories import deadline, obligation
from tests.pages import new_browser_secret

pytestmark = pytest.mark.django_db
URL = reverse("reports:facilitated")


@pytest.fixture
def cast(world):
    """The pendamping's villages: a1 (sekdes_a, one overdue and one open deadline, five of the
    framework's competencies at level 3, an active plan), a2 (sekdes_b, nothing open) and a vacant
    village; a3 once assigned (ended yesterday) and b1... never (another forum)."""
    today = timezone.localdate()
    pendamping = world.users["pendamping"]
    world.a4 = f.VillageFactory(district=world.forum_a.district, code="33.02.19.2005", name="Karangrau")
    f.FacilitatorFactory(user=pendamping, village=world.a2, started_on=today)
    f.FacilitatorFactory(user=pendamping, village=world.a4)
    f.FacilitatorFactory(user=pendamping, village=world.a3, ended_on=today - datetime.timedelta(days=1))
    f.FacilitatorFactory(user=pendamping, village=world.b1, started_on=today + datetime.timedelta(days=1))
    ob = obligation(world.forum_a)
    deadline(ob, world.a1, due_on=today - datetime.timedelta(days=5), period="P1")
    deadline(ob, world.a1, due_on=today + datetime.timedelta(days=10), period="P2", state="ditolak")
    deadline(ob, world.a1, due_on=today - datetime.timedelta(days=40), period="P3", state="terverifikasi")
    deadline(ob, world.a2, due_on=today - datetime.timedelta(days=40), period="P3", state="terverifikasi")
    deadline(ob, world.a3, due_on=today - datetime.timedelta(days=3), period="P1")  # not assigned any more
    standard = framework()
    codes = [c.code for c in standard.competencies.all()]
    rnd = RoundFactory(forum=world.forum_a)
    for code in codes[:5]:
        assess(world.users["sekdes_a"], code, 3, round=rnd)
    assess(world.users["sekdes_a"], codes[5], 1, round=rnd, status="submitted")  # not validated: not counted
    world.plan = PlanFactory(village=world.a1, mentee=world.users["sekdes_a"], mentor=world.users["pengurus"],
                             competency=standard.competencies.get(code=codes[0]), stage=2)
    PlanFactory(village=world.a1, mentee=world.users["sekdes_a"], mentor=world.users["pengurus"],
                competency=standard.competencies.get(code=codes[1]), status=MentoringPlan.Status.SELESAI)
    world.total = len(codes)
    return world


def test_the_pendamping_sees_their_villages_with_status_at_a_glance(cast, login):
    w = cast
    response = login(w.users["pendamping"]).get(URL)
    assert response.status_code == 200
    rows = {r.village.name: r for r in response.context["rows"]}
    assert list(rows) == ["Kalikidang", "Karangrau", "Wiradadi"]  # by name; a3 ended, b1 starts tomorrow
    a1, a4, a2 = rows["Kalikidang"], rows["Karangrau"], rows["Wiradadi"]
    assert a1.tenure.user == w.users["sekdes_a"] and a4.tenure is None
    assert (a1.open_deadlines, a1.overdue) == (2, 1) and (a2.open_deadlines, a2.overdue) == (0, 0)
    assert a1.next_due == timezone.localdate() + datetime.timedelta(days=10)
    assert a1.assessed == 5 and a1.average_level == 3.0 and a1.grade.letter == ("A" if 5 * 2 > w.total else "B")
    assert a2.assessed == 0 and a2.grade.letter == ""
    assert [p.pk for p in a1.plans] == [w.plan.pk] and a2.plans == []
    assert [r.status for r in (a1, a4, a2)] == ["perhatian", "kosong", "baik"]
    assert response.context["summary"] == {"villages": 3, "overdue": 1, "vacant": 1, "mentoring": 1}
    body = response.content.decode()
    assert "Sri Uji Wahyuni" in body and "Jabatan kosong" in body and "1 lewat tempo" in body
    assert reverse("mentoring:plan_detail", args=[w.plan.pk]) in body
    assert reverse("reports:person_profile", args=[w.users["sekdes_a"].pk]) in body
    assert "Sokaraja Tengah" not in body and "ZZFORUMB" not in body


@pytest.mark.parametrize("role", ["sekdes_a", "pengurus", "camat", "kabupaten", "other_forum"])
def test_others_are_refused_and_have_no_menu_entry(cast, login, role):
    client = login(cast.users[role])
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "csv"}).status_code == 403
    assert 'data-testid="nav-facilitated"' not in client.get(reverse("members:directory")).content.decode()


def test_a_pendamping_whose_assignment_ended_is_refused(cast, login):
    FacilitatorAssignment.objects.filter(user=cast.users["pendamping"]).update(
        ended_on=timezone.localdate() - datetime.timedelta(days=1))
    assert login(cast.users["pendamping"]).get(URL).status_code == 403


def test_the_export_shows_the_page_rows(cast, login):
    client = login(cast.users["pendamping"])
    rows = list(csv.reader(io.StringIO(client.get(URL, {"format": "csv"}).content.decode("utf-8-sig"))))
    assert rows[0] == [str(cast.forum_a)]
    assert rows[1] == ["Desa dampingan Dewi Uji Pendamping"]
    assert rows[4][:3] == ["Desa", "Kode desa", "Sekretaris desa"]
    body = {r[0]: r for r in rows[5:]}
    assert list(body) == ["Kalikidang", "Karangrau", "Wiradadi"]
    assert body["Kalikidang"][2:6] == ["Sri Uji Wahyuni", "Definitif", "2", "1"]
    assert body["Kalikidang"][9] == f"5 dari {cast.total}" and body["Kalikidang"][10] == "1"
    assert body["Karangrau"][3] == "Kosong"
    assert client.get(URL, {"format": "xlsx"}).status_code == 200


def test_the_dashboard_panel_and_the_menu_lead_there(cast, login):
    body = login(cast.users["pendamping"]).get(reverse("members:dashboard")).content.decode()
    assert 'data-testid="panel-facilitated"' in body and f'href="{URL}"' in body
    assert 'data-testid="nav-facilitated"' in body
    assert "Kalikidang · 1 lewat" in body and "Karangrau · kosong" in body
    assert 'data-testid="panel-facilitated"' not in login(cast.users["sekdes_a"]).get(
        reverse("members:dashboard")).content.decode()


# The directory's filter ----------------------------------------------------------------------------

DIRECTORY = reverse("members:directory")


def _names(response) -> list[str]:
    return [r.village.name for r in response.context["rows"]]


def test_the_directory_filters_to_the_pendampings_villages(cast, login):
    client = login(cast.users["pendamping"])
    assert _names(client.get(DIRECTORY)) == ["Kalikidang", "Karangrau", "Sokaraja Tengah", "Wiradadi"]
    mine = client.get(DIRECTORY, {"dampingan": "1"})
    assert _names(mine) == ["Kalikidang", "Karangrau", "Wiradadi"]
    assert 'data-testid="directory-mine"' in mine.content.decode()
    assert _names(client.get(DIRECTORY, {"dampingan": "1", "q": "Wira"})) == ["Wiradadi"]
    # the directory's export is for readers of the forum's figures (report.download), not the pendamping
    assert client.get(DIRECTORY, {"dampingan": "1", "format": "csv"}).status_code == 403


@pytest.mark.parametrize("role,value", [("sekdes_a", "1"), ("camat", "1"), ("pendamping", "abc"),
                                        ("pendamping", "99999999999999999999"), ("pendamping", str(10**6))])
def test_the_directory_filter_asked_for_wrongly_shows_every_village_with_a_message(cast, login, role, value):
    response = login(cast.users[role]).get(DIRECTORY, {"dampingan": value})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 4
    assert any("hanya untuk pendamping desa" in str(m) for m in response.context["messages"])


def test_the_directory_export_names_the_filter(cast, login):
    """A camat office user who is also pendamping of Wiradadi exports their own villages."""
    f.FacilitatorFactory(user=cast.users["camat"], village=cast.a2)
    client = login(cast.users["camat"])
    rows = list(csv.reader(io.StringIO(client.get(DIRECTORY, {"dampingan": "1", "q": "a", "format": "csv"})
                                       .content.decode("utf-8-sig"))))
    assert rows[1] == ["Desa dampingan saya · Pencarian: a"]
    assert [r[0] for r in rows[5:]] == ["Wiradadi"]


# Exact queries (user, actor, forum, unread count ...): the same with 3 and 20 villages assigned ------

PAGE_QUERIES = {"": 9, "format=csv": 10}


def _assign(world, n):
    district = world.forum_a.district
    pendamping = world.users["pendamping"]
    have = FacilitatorAssignment.objects.filter(user=pendamping).count()
    ob = obligation(world.forum_a, code=f"beban{n}")
    rnd = RoundFactory(forum=world.forum_a)
    codes = [c.code for c in framework().competencies.all()]
    for i in range(have, n):
        village = f.VillageFactory(district=district, code=f"33.02.19.{5000 + i}", name=f"Desa Dampingan {i:02d}")
        f.FacilitatorFactory(user=pendamping, village=village)
        tenure = f.TenureFactory(village=village)
        deadline(ob, village, due_on=timezone.localdate() - datetime.timedelta(days=2), period=f"Q{i}")
        assess(tenure.user, codes[i % len(codes)], 2, round=rnd)
        PlanFactory(village=village, mentee=tenure.user, mentor=world.users["pengurus"])


@pytest.mark.parametrize("query", sorted(PAGE_QUERIES))
def test_the_same_queries_at_3_and_20_villages(world, login, django_assert_num_queries, query):
    client = login(world.users["pendamping"])
    for n in (3, 20):
        _assign(world, n)
        client.get(f"{URL}?{query}")  # warm the per-process caches
        with django_assert_num_queries(PAGE_QUERIES[query]):
            response = client.get(f"{URL}?{query}")
        assert response.status_code == 200
    assert FacilitatorAssignment.objects.filter(user=world.users["pendamping"]).count() == 20


# (cold: after a change of the forum's data; warm: the same request again, the panel from the cache)
DASHBOARD_QUERIES = (11, 3)


def test_the_pendamping_dashboard_runs_the_same_queries_at_3_and_20_villages(world, login, django_assert_num_queries):
    client = login(world.users["pendamping"])
    for n in (3, 20):
        _assign(world, n)
        client.get("/")
        forum_version_bump(world.forum_a.pk)
        with django_assert_num_queries(DASHBOARD_QUERIES[0]):
            response = client.get("/")
        assert f'href="{URL}"' in response.content.decode()
        new_browser_secret(client)
        with django_assert_num_queries(DASHBOARD_QUERIES[1]):
            assert client.get("/").context["panels"] == response.context["panels"]
