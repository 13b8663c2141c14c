"""Who holds a post on the day: a secretary whose tenure starts tomorrow, or ended yesterday, is
not invited to, reminded of, or listed for an event of today (members' held_on / forum_people)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.trainings.factories import EventFactory
from trainings import services
from trainings.models import Registration
from trainings.reminders import due_messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def edges(world):
    """Two more villages of forum A: one whose secretary starts tomorrow, one whose secretary
    left yesterday."""
    today = timezone.localdate()
    starts = f.TenureFactory(village=f.VillageFactory(district=world.forum_a.district, name="Desa Besok"),
                             user__full_name="Sekdes Mulai Besok", started_on=today + datetime.timedelta(days=1)).user
    left = f.TenureFactory(village=f.VillageFactory(district=world.forum_a.district, name="Desa Kemarin"),
                           user__full_name="Sekdes Selesai Kemarin", started_on=datetime.date(2018, 1, 2),
                           ended_on=today - datetime.timedelta(days=1)).user
    return starts, left


def test_not_invited_and_not_reminded(world, edges, draft_event):
    services.event_publish(event=draft_event, by=world.users["pengurus"])
    invited = set(Registration.objects.filter(event=draft_event).values_list("person_id", flat=True))
    assert invited == {world.users[r].pk for r in ("sekdes_a", "sekdes_b", "pengurus")}
    Registration.objects.filter(event=draft_event).update(response="hadir")
    three_days_before = draft_event.starts_at - datetime.timedelta(days=3)
    recipients = {m.recipient_id for m in due_messages(now=three_days_before)}
    assert recipients == invited
    assert not {u.pk for u in edges} & recipients


def test_board_member_out_of_office_is_not_reminded_of_late_minutes(world):
    """Minutes three days late: the board holding office today is reminded, not a member whose
    period starts tomorrow or ended yesterday."""
    today = timezone.localdate()
    f.BoardPositionFactory(forum=world.forum_a, user=world.users["sekdes_a"], position="sekretaris",
                           period_start=today + datetime.timedelta(days=1))
    f.BoardPositionFactory(forum=world.forum_a, user=world.users["sekdes_b"], position="bendahara",
                           period_start=datetime.date(2020, 1, 1), period_end=today - datetime.timedelta(days=1))
    ended = timezone.now() - datetime.timedelta(days=3)
    EventFactory(forum=world.forum_a, kind="rapat", starts_at=ended - datetime.timedelta(hours=2), ends_at=ended)
    recipients = {m.recipient_id for m in due_messages(now=timezone.now())}
    assert recipients == {world.users["pengurus"].pk}


def test_not_listed_as_speaker_chair_notulis_or_follow_up_owner(world, edges, login):
    start = timezone.now() - datetime.timedelta(hours=3)
    event = EventFactory(forum=world.forum_a, kind="rapat", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    minutes = services.minutes_start(event=event, by=world.users["pengurus"])
    client = login(world.users["pengurus"])
    detail = client.get(reverse("trainings:event_detail", args=[event.pk]))
    speakers = set(detail.context["speaker_form"].fields["user"].queryset.values_list("pk", flat=True))
    form = client.get(reverse("trainings:minutes_edit", args=[minutes.pk])).context["head"]
    notulis = {person.pk for person in form.fields["notulis"].people.values()}  # read once per page (PersonChoiceField)
    serving = {world.users[r].pk for r in ("sekdes_a", "sekdes_b", "pengurus", "camat", "pendamping")}
    assert speakers == notulis == serving
    assert not {u.pk for u in edges} & speakers


def test_not_marked_present_unless_invited(world, edges):
    start = timezone.now() - datetime.timedelta(hours=1)
    event = EventFactory(forum=world.forum_a, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    for user in edges:
        with pytest.raises(ValidationError):
            services.attendance_mark(event=event, person_id=user.pk, status="hadir", by=world.users["pengurus"])
    assert not event.attendances.exists()
