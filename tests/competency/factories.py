"""factory-boy factories for the competency app."""

import datetime

import factory
from django.utils import timezone

from competency.models import Assessment, AssessmentRound, Competency, Framework
from competency.services import framework_load_seed
from tests import factories as f


def framework() -> Framework:
    return framework_load_seed()


def competency(code: str = "KOMP-TIK") -> Competency:
    return Competency.objects.get(framework=framework(), code=code)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentRound

    forum = factory.SubFactory(f.ForumFactory)
    framework = factory.LazyFunction(framework)
    name = factory.Sequence(lambda n: f"Pemetaan uji {n}")
    starts_on = datetime.date(2026, 1, 5)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    round = factory.SubFactory(RoundFactory)
    forum = factory.LazyAttribute(lambda o: o.round.forum)
    person = factory.SubFactory(f.UserFactory)
    competency = factory.LazyFunction(competency)
    level = 2
    method = Assessment.Method.BOARD
    assessor = factory.LazyAttribute(lambda o: o.person)
    assessed_on = factory.LazyAttribute(lambda o: o.round.starts_on)
    status = Assessment.Status.VALIDATED
    validated_at = factory.LazyFunction(timezone.now)


def assess(person, code: str, level: int, *, round, status=Assessment.Status.VALIDATED, on=None, **kw):
    return AssessmentFactory(person=person, competency=competency(code), level=level, round=round, status=status,
                             assessed_on=on or round.starts_on, **kw)
