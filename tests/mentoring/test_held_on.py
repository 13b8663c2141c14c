"""Mentoring asks who holds a post on the day: a board member or pendamping whose post ended
yesterday or starts tomorrow is neither suggested nor accepted as mentor today, and a stalled plan
nudges only people who hold a post in the forum today."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring import services
from mentoring.models import MentoringPlan
from mentoring.reminders import due_messages
from mentoring.selectors import mentor_suggestions
from tests import factories as f
from tests.competency.factories import RoundFactory, assess, competency
from tests.mentoring.factories import PlanFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def gap_world(world):
    world.round = RoundFactory(forum=world.forum_a, starts_on=datetime.date(2026, 1, 5))
    assess(world.users["sekdes_a"], "KOMP-TIK", 1, round=world.round)
    return world


def _not_held(world):
    """A board member and a pendamping (of the mentee's village a1) whose post ended yesterday, and
    one of each whose post starts tomorrow."""
    return {
        "board ended": f.BoardPositionFactory(forum=world.forum_a, period_start=datetime.date(2020, 1, 1),
                                              period_end=TODAY - DAY, user__full_name="Mantan Uji Pengurus").user,
        "board starts": f.BoardPositionFactory(forum=world.forum_a, period_start=TODAY + DAY,
                                               user__full_name="Calon Uji Pengurus").user,
        "pendamping ended": f.FacilitatorFactory(village=world.a1, ended_on=TODAY - DAY,
                                                 user__full_name="Mantan Uji Pendamping").user,
        "pendamping starts": f.FacilitatorFactory(village=world.a1, started_on=TODAY + DAY,
                                                  user__full_name="Calon Uji Pendamping").user,
    }


def test_a_mentor_whose_post_is_not_held_today_is_not_suggested(gap_world):
    w = gap_world
    away = _not_held(w)
    gap = next(g for g in mentor_suggestions(forum=w.forum_a, today=TODAY) if g.mentee == w.users["sekdes_a"])
    suggested = {s.mentor for s in gap.suggestions}
    assert suggested == {w.users["pendamping"], w.users["pengurus"]}
    assert not suggested & set(away.values())
    # on a day they did hold it, they are (three suggestions at most: both pendamping, then the
    # board member first by name)
    def suggested_on(day):
        gap = next(g for g in mentor_suggestions(forum=w.forum_a, today=day) if g.mentee == w.users["sekdes_a"])
        return {s.mentor for s in gap.suggestions}

    assert suggested_on(TODAY - DAY) == {w.users["pendamping"], away["pendamping ended"], w.users["pengurus"]}
    assert suggested_on(TODAY + DAY) == {w.users["pendamping"], away["pendamping starts"], w.users["pengurus"]}

@pytest.mark.parametrize("who", ["board ended", "board starts", "pendamping ended", "pendamping starts"])
def test_a_mentor_whose_post_is_not_held_today_is_refused(gap_world, who):
    w = gap_world
    mentor = _not_held(w)[who]
    with pytest.raises(ValidationError, match="Mentor harus sekdes pada tingkat 4"):
        services.plan_create(forum=w.forum_a, mentee=w.users["sekdes_a"], mentor=mentor,
                             competency=competency("KOMP-TIK"), goal="Naik ke 3", target_level=3,
                             by=w.users["pengurus"])
    assert not MentoringPlan.objects.exists()


def test_a_mentee_whose_tenure_starts_tomorrow_is_neither_suggested_nor_accepted(gap_world):
    w = gap_world
    village = f.VillageFactory(district=w.forum_a.district, code="33.02.19.2011", name="Karanggintung")
    newcomer = f.TenureFactory(village=village, started_on=TODAY + DAY).user
    assess(newcomer, "KOMP-TIK", 1, round=w.round)
    assert newcomer not in {g.mentee for g in mentor_suggestions(forum=w.forum_a, today=TODAY)}
    assert newcomer in {g.mentee for g in mentor_suggestions(forum=w.forum_a, today=TODAY + DAY)}
    with pytest.raises(ValidationError, match="sedang menjabat"):
        services.plan_create(forum=w.forum_a, mentee=newcomer, mentor=w.users["pengurus"],
                             competency=competency("KOMP-TIK"), goal="x", target_level=3, by=w.users["pengurus"])


def test_a_stalled_plan_nudges_only_people_holding_a_post_today(world):
    """The mentee's tenure in a new village starts tomorrow (her old one ended yesterday), the
    mentor's board period ended yesterday: neither is nudged today; the serving ones are."""
    mentee = f.TenureFactory(village=f.VillageFactory(district=world.forum_a.district, code="33.02.19.2012"),
                             started_on=datetime.date(2019, 1, 1), ended_on=TODAY - DAY).user
    f.TenureFactory(user=mentee, village=f.VillageFactory(district=world.forum_a.district, code="33.02.19.2013"),
                    started_on=TODAY + DAY)
    old_board = f.BoardPositionFactory(forum=world.forum_a, period_start=datetime.date(2020, 1, 1),
                                       period_end=TODAY - DAY).user
    start = TODAY - 90 * DAY
    gone = PlanFactory(mentee=mentee, village=world.a1, mentor=old_board, started_on=start)
    kept = PlanFactory(mentee=world.users["sekdes_b"], village=world.a2, mentor=world.users["pengurus"],
                       started_on=start)
    now = timezone.now()
    recipients = {(m.key, m.recipient_id) for m in due_messages(now=now)}
    assert recipients == {(f"mentoring-plan:{kept.pk}:stalled", world.users["sekdes_b"].pk),
                          (f"mentoring-plan:{kept.pk}:stalled", world.users["pengurus"].pk)}
    assert not [r for r in recipients if str(gone.pk) in r[0]]
    tomorrow = {m.recipient_id for m in due_messages(now=now + DAY) if f":{gone.pk}:" in m.key}
    assert tomorrow == {mentee.pk}
