"""The demo shows the product: this year's trainings, grades over A/B/C, overdue items mostly
recent, a finished training still without certificates, reminders labelled with the real days;
and ``seed_demo`` run twice changes nothing."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)



def test_demo_data_shows_the_product_and_seeding_is_idempotent():
    from collections import Counter

    from competency.models import Framework
    from competency.selectors import current_levels, grade_for, serving_tenures
    from members.models import Forum
    from notifications.models import Delivery
    from obligations.models import Deadline
    from trainings.demo import CERTIFICATES_PENDING
    from trainings.models import Certificate, Event

    TODAY = timezone.localdate()  # the demo's upcoming events must lie in the real future
    call_command("seed_demo", stdout=io.StringIO())
    forum = Forum.objects.get(short_name="FOKUSS")
    # this year (in the first weeks of January: the last two months)
    since = min(datetime.date(TODAY.year, 1, 1), TODAY - datetime.timedelta(days=60))
    this_year = Event.objects.filter(forum=forum, starts_at__date__gte=since, starts_at__date__lt=TODAY)
    kinds = Counter(this_year.values_list("kind", flat=True))
    assert kinds["pelatihan"] >= 2 and kinds["studi_banding"] >= 1 and kinds["rapat"] >= 5
    assert this_year.filter(title__startswith="Bimtek").exists()
    pending = Event.objects.get(forum=forum, title=CERTIFICATES_PENDING)
    assert pending.ends_at.date() < TODAY and pending.attendances.filter(status="hadir").exists()
    assert not Certificate.objects.filter(event=pending).exists()
    assert Certificate.objects.filter(event__in=this_year).exists()

    codes = list(Framework.current(forum=forum).competencies.values_list("code", flat=True))
    people = list(serving_tenures(forum=forum, day=TODAY).values_list("user_id", flat=True))
    levels = current_levels(person_ids=people)
    grades = Counter(grade_for([levels.get((p, c)) for c in codes]).letter for p in people)
    assert grades["A"] >= 3 and grades["B"] >= 3 and grades["C"] >= 3

    overdue = [d for d in Deadline.objects.filter(forum=forum, state__in=["belum", "ditolak"], due_on__lt=TODAY)]
    old = [d for d in overdue if (TODAY - d.due_on).days > 365]
    assert 1 <= len(old) <= 10 and len(overdue) - len(old) > 2 * len(old)

    for d in Delivery.objects.filter(forum=forum, key__startswith="deadline:"):
        late = re.match(r"Terlambat (\d+) hari", d.subject)
        if d.slot.startswith("H+"):
            assert late and int(late.group(1)) == int(d.slot[2:]), (d.slot, d.subject)
            assert (d.created_at.date() - Deadline.objects.get(pk=d.key.split(":")[1]).due_on).days == int(d.slot[2:])
        else:
            assert d.subject.startswith("Pengingat H-")

    counts = {m: m.objects.count() for m in (Event, Deadline, Delivery, Certificate)}
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "tidak ada yang diubah" in out.getvalue()
    assert counts == {m: m.objects.count() for m in counts}
