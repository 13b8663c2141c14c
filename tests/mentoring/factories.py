"""factory-boy factories for the mentoring app."""

import datetime

import factory

from mentoring.models import MentoringPlan, MentorKind
from tests.competency.factories import competency


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringPlan

    forum = factory.LazyAttribute(lambda o: o.village.district.forum)
    mentee = None
    village = None
    mentor = None
    mentor_kind = MentorKind.BOARD
    competency = factory.LazyFunction(lambda: competency("KOMP-TIK"))
    goal = "Naik ke tingkat 3"
    started_on = datetime.date(2026, 1, 5)
