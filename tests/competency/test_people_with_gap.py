import datetime

from competency.models import Assessment
from competency.selectors import people_with_gap
from tests import factories as f
from tests.competency.factories import RoundFactory, assess


def test_people_with_gap_uses_the_latest_validated_level(world, django_assert_num_queries):
    a, b, p = world.users["sekdes_a"], world.users["sekdes_b"], world.users["pengurus"]
    r2018 = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2018, 8, 1))
    r2026 = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))
    assess(a, "KOMP-TIK", 1, round=r2018)
    assess(a, "KOMP-TIK", 2, round=r2026)  # still a gap
    assess(b, "KOMP-TIK", 1, round=r2018)
    assess(b, "KOMP-TIK", 3, round=r2026)  # improved: no gap
    assess(p, "KOMP-TIK", 3, round=r2018)
    assess(p, "KOMP-TIK", 1, round=r2026, status=Assessment.Status.SUBMITTED)  # not validated: ignored
    assess(world.users["other_forum"], "KOMP-TIK", 1, round=RoundFactory(forum=world.forum_b))
    # a secretary of forum A who left her post is not "serving"
    gone = f.TenureFactory(village=f.VillageFactory(district=world.forum_a.district),
                           ended_on=datetime.date(2025, 1, 1)).user
    assess(gone, "KOMP-TIK", 1, round=r2026)
    with django_assert_num_queries(1):
        ids = people_with_gap(forum=world.forum_a, competency_code="KOMP-TIK")
    assert ids == [a.pk]
    assert set(people_with_gap(forum=world.forum_a, competency_code="KOMP-TIK", max_level=3)) == {a.pk, b.pk, p.pk}
    assert people_with_gap(forum=world.forum_a, competency_code="KOMP-APL") == []
    assert people_with_gap(forum=world.forum_b, competency_code="KOMP-TIK") == [world.users["other_forum"].pk]
