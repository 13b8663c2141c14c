"""Competency counts the secretaries serving on the day: one whose tenure starts tomorrow is not on
today's heatmap nor in today's training needs (and is, from tomorrow)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from competency import selectors
from tests import factories as f
from tests.competency.factories import RoundFactory, assess

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _newcomer(world):
    village = f.VillageFactory(district=world.forum_a.district, code="33.02.19.2011", name="Karanggintung")
    return f.TenureFactory(village=village, started_on=TODAY + DAY, user__full_name="Calon Uji Sekdes").user


def test_a_secretary_starting_tomorrow_is_not_on_todays_heatmap(world, login):
    r = RoundFactory(forum=world.forum_a)
    newcomer = _newcomer(world)
    assess(newcomer, "KOMP-TIK", 1, round=r)
    assert newcomer not in [row.person for row in selectors.heatmap(forum=world.forum_a, day=TODAY).rows]
    assert newcomer in [row.person for row in selectors.heatmap(forum=world.forum_a, day=TODAY + DAY).rows]
    page = login(world.users["pengurus"]).get(reverse("competency:heatmap")).content.decode()
    assert "Sri Uji Wahyuni" in page and "Calon Uji Sekdes" not in page


def test_a_secretary_starting_tomorrow_is_not_in_todays_training_needs(world):
    r = RoundFactory(forum=world.forum_a)
    newcomer = _newcomer(world)
    assess(newcomer, "KOMP-TIK", 1, round=r)
    assess(world.users["sekdes_a"], "KOMP-TIK", 2, round=r)

    def tik(day):
        return next(n for n in selectors.training_needs(forum=world.forum_a, day=day)
                    if n.competency.code == "KOMP-TIK")

    assert (tik(TODAY).level1, tik(TODAY).level2) == (0, 1)
    assert (tik(TODAY + DAY).level1, tik(TODAY + DAY).level2) == (1, 1)


def test_a_secretary_starting_tomorrow_may_not_assess_herself_yet(world, login):
    RoundFactory(forum=world.forum_a, starts_on=TODAY - 5 * DAY)
    newcomer = _newcomer(world)
    f.FacilitatorFactory(village=world.a2, user=newcomer)  # a member of the forum today, but not as secretary
    assert login(newcomer).get(reverse("competency:self_assess")).status_code == 404
