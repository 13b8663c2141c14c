"""Heatmap, profile, training needs and mentor suggestions run exactly the same number of queries
at 18 and at 300 villages."""

import datetime

import pytest
from django.urls import reverse

from competency.models import Assessment, AssessmentRound
from members.models import SecretaryTenure, User, Village
from members.services import profile_view_record
from tests import factories as f
from tests.competency.factories import framework

# Exact number of queries per page for a board member (the request's session, user, actor and
# forum included), the same at any number of villages. The profile asks whether today's look is
# recorded (it is: once a day) and reads its audit timeline.
QUERIES = {"heatmap": 13, "profile": 19, "needs": 12, "suggestions": 18, "index": 9, "effect": 9,
           "validation_queue": 9, "panels": 5}


def _grow(world, n: int) -> None:
    """Give forum A ``n`` villages in total, each with a serving secretary assessed in two rounds."""
    fw = framework()
    comps = list(fw.competencies.all())
    district = world.forum_a.district
    existing = Village.objects.filter(district=district).count()
    Village.objects.bulk_create(Village(district=district, code=f"33.02.19.{3000 + i}", name=f"Desa Beban {i:03d}")
                                for i in range(existing, n))
    vacant = list(Village.objects.filter(district=district, tenures__isnull=True))
    users = User.objects.bulk_create(User(email=f"beban{existing + i}@contoh.test",
                                          full_name=f"Sekdes Beban {existing + i:03d}")
                                     for i in range(len(vacant)))
    SecretaryTenure.objects.bulk_create(SecretaryTenure(user=u, village=v, started_on=datetime.date(2015, 1, 1))
                                        for u, v in zip(users, vacant, strict=True))
    r1 = AssessmentRound.objects.create(forum=world.forum_a, framework=fw, name="2018",
                                        starts_on=datetime.date(2018, 8, 1))
    r2 = AssessmentRound.objects.create(forum=world.forum_a, framework=fw, name="2026",
                                        starts_on=datetime.date(2026, 1, 5))
    tenures = SecretaryTenure.objects.open().filter(village__district=district)
    boss = world.users["pengurus"]
    rows = []
    for i, t in enumerate(tenures):
        for j, c in enumerate(comps):
            for r, level in ((r1, 1 + (i + j) % 3), (r2, 1 + (i + j + 1) % 4)):
                rows.append(Assessment(forum=world.forum_a, round=r, person_id=t.user_id, village_id=t.village_id,
                                       competency=c, level=level, method="board", assessor=boss,
                                       assessed_on=r.starts_on,
                                       # every fifth secretary waits for validation in the recent round
                                       status="submitted" if r is r2 and i % 5 == 0 else "validated"))
    Assessment.objects.bulk_create(rows)
    # a pending one and a facilitator elsewhere, so every branch runs
    f.FacilitatorFactory(village=vacant[0], user=world.users["pendamping"])


# (page, query string or the role whose profile, exact number of queries for the board)
PAGES = [
    ("competency:heatmap", {}, QUERIES["heatmap"]),
    ("competency:heatmap", {"sort": "KOMP-TIK", "dir": "desc"}, QUERIES["heatmap"]),
    ("reports:person_profile", "sekdes_a", QUERIES["profile"]),
    ("competency:needs", {}, QUERIES["needs"]),
    ("mentoring:suggestions", {"kompetensi": "semua"}, QUERIES["suggestions"]),
    ("mentoring:index", {}, QUERIES["index"]),
    ("mentoring:effect", {}, QUERIES["effect"]),
    ("competency:validation_queue", {}, QUERIES["validation_queue"]),
]


def _get(client, name, arg, world):
    if isinstance(arg, str):
        return client.get(reverse(name, kwargs={"person_id": world.users[arg].pk}))
    return client.get(reverse(name), arg)


@pytest.mark.parametrize("name,arg,queries", PAGES)
def test_exact_queries_at_18_and_300_villages(name, arg, queries, world, login, django_assert_num_queries):
    client = login(world.users["pengurus"])
    _grow(world, 18)
    if isinstance(arg, str):  # a profile view is recorded once a day: today's is, as on any second visit
        profile_view_record(viewer=world.users["pengurus"], person=world.users[arg], forum=world.forum_a)
    with django_assert_num_queries(queries):
        assert _get(client, name, arg, world).status_code == 200
    _grow(world, 300)
    assert Village.objects.filter(district=world.forum_a.district).count() == 300
    with django_assert_num_queries(queries):
        assert _get(client, name, arg, world).status_code == 200


def test_dashboard_panels_exact_queries(world, django_assert_num_queries):
    from types import SimpleNamespace

    from competency.dashboard import panels as competency_panels
    from members.selectors import actor_for
    from mentoring.dashboard import panels as mentoring_panels

    user = world.users["pengurus"]
    request = SimpleNamespace(forum=world.forum_a, actor=actor_for(user), user=user)

    def panels():
        found = competency_panels(request=request) + mentoring_panels(request=request)
        assert [p.template for p in found] == ["competency/_panel.html", "mentoring/_panel.html"]

    _grow(world, 18)
    with django_assert_num_queries(QUERIES["panels"]):
        panels()
    _grow(world, 300)
    with django_assert_num_queries(QUERIES["panels"]):
        panels()


@pytest.mark.parametrize("query", ["", "?langkah=3"])
def test_self_assessment_page_queries_do_not_grow_with_the_draft(world, login, django_assert_num_queries, query):
    from competency import services
    from tests.competency.factories import RoundFactory

    round_ = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))
    a = world.users["sekdes_a"]
    client = login(a)
    url = reverse("competency:self_assess") + query
    client.get(url)  # warm the per-process caches
    codes = list(framework().competencies.values_list("code", flat=True))
    for answered in (2, 8):
        services.self_assessment_draft_save(round=round_, person=a, levels={c: 2 for c in codes[:answered]},
                                            notes={c: "catatan" for c in codes[:answered]},
                                            today=datetime.date(2026, 1, 10))
        with django_assert_num_queries(8):  # session, user, round, draft, framework ... (actor and forum cached)
            assert f"{answered} dari 9</strong>".encode() in client.get(url).content
