import datetime

import pytest

from competency.models import Competency, Framework
from tests.trainings.factories import AttendanceFactory, EventFactory, wib
from trainings.models import Event
from trainings.selectors import TrainingEvidence, trainings_attended


def _competency(code: str) -> Competency:
    framework, _ = Framework.objects.get_or_create(version=99)
    return Competency.objects.create(framework=framework, code=code, name=f"Kompetensi {code}", group="Teknis")


@pytest.mark.django_db
def test_trainings_attended_returns_evidence_per_person(world):
    sri, yuli = world.users["sekdes_a"], world.users["sekdes_b"]
    siskeudes = EventFactory(forum=world.forum_a, title="Bimtek Siskeudes", starts_at=wib(2019, 3, 12, 8),
                             ends_at=wib(2019, 3, 12, 16), hours=16)
    siskeudes.competencies.add(_competency("T03"), _competency("T01"))
    rapat = EventFactory(forum=world.forum_a, kind=Event.Kind.RAPAT, title="Rapat rutin")
    AttendanceFactory(event=siskeudes, person=sri, pre_score=55, post_score=82.5)
    AttendanceFactory(event=siskeudes, person=yuli, status="izin")
    AttendanceFactory(event=rapat, person=sri)

    result = trainings_attended(person_ids=[sri.pk, yuli.pk, world.users["camat"].pk])

    assert result[world.users["camat"].pk] == []
    assert result[sri.pk] == [TrainingEvidence(
        event_id=siskeudes.pk, title="Bimtek Siskeudes", kind="pelatihan", date=datetime.date(2019, 3, 12), hours=16.0,
        competency_codes=("T01", "T03"), attendance_status="hadir", pre_score=55.0, post_score=82.5,
        certificate_number=None)]
    assert [e.attendance_status for e in result[yuli.pk]] == ["izin"]


@pytest.mark.django_db
def test_trainings_attended_constant_queries(world, django_assert_num_queries):
    people = [world.users["sekdes_a"], world.users["sekdes_b"], world.users["pengurus"]]
    for n in range(6):
        event = EventFactory(forum=world.forum_a)
        event.competencies.add(_competency(f"X{n}"))
        for person in people[: 1 + n % 3]:
            AttendanceFactory(event=event, person=person)
    with django_assert_num_queries(3):
        small = trainings_attended(person_ids=[people[0].pk])
    with django_assert_num_queries(3):
        big = trainings_attended(person_ids=[p.pk for p in people])
    assert len(small[people[0].pk]) == 6
    assert sum(len(v) for v in big.values()) == 12
    with django_assert_num_queries(0):
        assert trainings_attended(person_ids=[]) == {}
