import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from notifications.models import Delivery
from tests.trainings.factories import EventFactory
from trainings import services
from trainings.models import Registration

pytestmark = pytest.mark.django_db


def test_waiting_list_and_automatic_promotion(world):
    event = EventFactory(forum=world.forum_a, capacity=1)
    a, b = world.users["sekdes_a"], world.users["sekdes_b"]
    assert services.rsvp_respond(event=event, person=a, response="hadir").response == "hadir"
    assert services.rsvp_respond(event=event, person=b, response="hadir").response == "menunggu"

    services.rsvp_respond(event=event, person=a, response="tidak_hadir")

    assert Registration.objects.get(event=event, person=b).response == "hadir"
    assert Delivery.objects.filter(key=f"event:{event.pk}:waitlist", recipient=b).exists()


def test_rsvp_after_the_deadline_is_refused(world):
    event = EventFactory(forum=world.forum_a, registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as exc:
        services.rsvp_respond(event=event, person=world.users["sekdes_a"], response="hadir")
    assert "Batas konfirmasi kehadiran sudah lewat" in exc.value.messages[0]
    assert not Registration.objects.exists()


def test_izin_needs_a_reason(world):
    event = EventFactory(forum=world.forum_a)
    with pytest.raises(ValidationError) as exc:
        services.rsvp_respond(event=event, person=world.users["sekdes_a"], response="izin", reason="  ")
    assert "reason" in exc.value.message_dict
    reg = services.rsvp_respond(event=event, person=world.users["sekdes_a"], response="izin", reason="Musrenbangdes")
    assert (reg.response, reg.reason) == ("izin", "Musrenbangdes")
