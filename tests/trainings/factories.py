"""factory-boy factories for the trainings app."""

import datetime

import factory
from django.utils import timezone

from tests.factories import ForumFactory, UserFactory
from trainings import services
from trainings.models import Attendance, Event, Registration

WIB = datetime.timezone(datetime.timedelta(hours=7))


def wib(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WIB)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    forum = factory.SubFactory(ForumFactory)
    kind = Event.Kind.PELATIHAN
    title = factory.Sequence(lambda n: f"Bimtek Uji {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=4))
    venue = "Aula Kecamatan Sokaraja"
    status = Event.Status.PUBLISHED
    hours = 8
    agenda = "Pembukaan\nMateri\nPenutup"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(UserFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(UserFactory)
    status = Attendance.Status.HADIR
    position_label = "Sekretaris Desa"


def past_meeting(world) -> Event:
    """A rapat of forum A two days ago with its agenda, sekdes_a, sekdes_b and the ketua present."""
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(forum=world.forum_a, kind="rapat", title="Rapat rutin Maret", starts_at=start,
                         ends_at=start + datetime.timedelta(hours=3), agenda="Laporan keuangan\nPersiapan bimtek")
    for role in ("sekdes_a", "sekdes_b", "pengurus"):
        services.attendance_mark(event=event, person_id=world.users[role].pk, status="hadir", by=world.users["pengurus"])
    return event
