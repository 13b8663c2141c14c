"""List pages, dashboards, exports and feeds that had no exact query-count test: each runs the
same EXACT number of queries with 3 and with 40 of every row it lists (deadlines, submissions of
one deadline, events and registrations, profile views, audit entries, agenda items and
follow-ups). The counts include what every request costs (session, user, actor, forum)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fokuss import ical
from fokuss.cache import forum_version_bump
from members.models import AuditEntry, ProfileView, User
from obligations.models import Deadline, Submission
from tests.obligations import factories as of
from tests.trainings.factories import EventFactory
from trainings import services as ts
from trainings.models import AgendaItem, FollowUp, Registration

pytestmark = pytest.mark.django_db


def grow(w, n, st):
    """Bring every kind of row to ``n`` (``st`` keeps the target deadline, meeting and minutes)."""
    today = timezone.localdate()
    if "ob" not in st:
        st["ob"] = of.obligation(w.forum_a, code="beban")
        st["dl"] = of.deadline(st["ob"], w.a1, due_on=today + datetime.timedelta(days=5), period="P-target")
        start = timezone.now() - datetime.timedelta(days=2)
        st["ev"] = EventFactory(forum=w.forum_a, kind="rapat", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
        st["mi"] = ts.minutes_start(event=st["ev"], by=w.users["pengurus"])
        st["n"] = 0
    have = st["n"]
    users = User.objects.bulk_create(User(email=f"g{i}@contoh.test", full_name=f"Orang {i}") for i in range(have, n))
    for i, u in zip(range(have, n), users, strict=True):
        d = Deadline.objects.create(obligation=st["ob"], village=[w.a1, w.a2, w.a3][i % 3], forum=w.forum_a, period=f"P{i}",
                                    year=today.year, due_on=today + datetime.timedelta(days=i % 60 - 10))
        Submission.objects.create(deadline=d, submitted_by=w.users["sekdes_a"], reference_number=f"r{i}")
        Submission.objects.create(deadline=st["dl"], submitted_by=w.users["sekdes_a"], reference_number=f"t{i}",
                                  status="ditolak", verified_by=w.users["pengurus"], verified_at=timezone.now())
        start = timezone.now() + datetime.timedelta(days=i % 40 - 5, hours=i)
        e = EventFactory(forum=w.forum_a, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
        Registration.objects.create(event=e, person=w.users["sekdes_a"])
        Registration.objects.create(event=st["ev"], person=u)
        ProfileView.objects.create(viewer=u, person=w.users["sekdes_a"], forum=w.forum_a)
        for obj in (st["dl"], w.a1, st["ev"], st["mi"]):
            AuditEntry.objects.create(actor=u, action="export.downloaded", object_type=AuditEntry.type_of(obj),
                                      object_id=obj.pk, object_repr=str(obj), forum=w.forum_a)
        item = AgendaItem.objects.create(minutes=st["mi"], position=i + 2, title=f"Acara {i}")
        FollowUp.objects.create(item=item, what=f"tl {i}", owner=u)
    st["n"] = n


# (role, URL name, object, query string): exact queries, the same at 3 and at 40 rows
PAGES = {
    ("sekdes_a", "privacy:my_data", None, ""): 5,  # who viewed my profile grows
    ("sekdes_a", "privacy:export_json", None, ""): 59,  # one query per model that links to a person
    ("sekdes_a", "privacy:export_zip", None, ""): 66,  # + the PDF summary and the person's files
    ("sekdes_a", "obligations:my_deadlines", None, ""): 3,
    ("pengurus", "obligations:my_deadlines", None, ""): 3,
    ("pendamping", "obligations:my_deadlines", None, ""): 3,  # grouped per village
    ("sekdes_a", "obligations:calendar", None, ""): 3,
    ("pengurus", "obligations:calendar", None, ""): 3,
    ("pengurus", "obligations:deadline_detail", "dl", ""): 6,  # submissions and audit timeline grow
    ("sekdes_a", "obligations:deadline_detail", "dl", ""): 5,
    ("pengurus", "obligations:missing", None, ""): 3,
    ("pengurus", "obligations:missing", None, "format=csv"): 4,
    ("pengurus", "obligations:obligations", None, ""): 3,
    ("pengurus", "obligations:matrix", None, ""): 5,  # measured after a data change (no cached page)
    ("pengurus", "obligations:on_time", None, ""): 7,
    ("pengurus", "reports:village_profile", "a1", ""): 14,  # the village profile with its audit timeline
    ("sekdes_a", "members:profile", None, ""): 3,
    ("anonymous", "members:calendar_feed", "tok", ""): 7,  # deadlines and events grow
    ("pengurus", "trainings:event_detail", "ev", ""): 18,  # registrations and audit timeline grow
    ("pengurus", "trainings:minutes_detail", "mi", ""): 9,
    ("pengurus", "trainings:minutes_edit", "mi", ""): 7,  # agenda items and follow-up rows grow
    ("pengurus", "trainings:event_list", None, "format=csv"): 4,
    ("pengurus", "notifications:deliveries", None, "format=csv"): 4,
    ("pengurus", "reports:capacity", None, ""): 19,  # + the newest draft PDF asked for
    ("pengurus", "reports:person_profile", "person", ""): 12,  # profile views grow (recorded once a day)
    ("pengurus", "trainings:calendar", None, ""): 3,
}


@pytest.mark.parametrize("case", sorted(PAGES), ids=lambda c: f"{c[0]}-{c[1]}-{c[3]}")
def test_exact_queries_at_3_and_40_rows(case, world, login, django_assert_num_queries):
    role, name, arg, query = case
    st = {}
    client = login(world.users[role])
    grow(world, 3, st)

    def url():
        if arg is None:
            path = reverse(name)
        elif arg == "a1":
            path = reverse(name, args=[world.a1.code])
        elif arg == "tok":
            path = reverse(name, args=[ical.token_for(world.users["sekdes_a"].pk)])
        elif arg == "person":
            path = reverse(name, args=[world.users["sekdes_a"].pk])
        else:
            path = reverse(name, args=[st[arg].pk])
        return f"{path}?{query}" if query else path

    client.get(url())  # warm the per-process caches (content types, site)
    for n in (3, 40):
        grow(world, n, st)
        forum_version_bump(world.forum_a.pk)  # the forum's cached pages are built again
        with django_assert_num_queries(PAGES[case]):
            assert client.get(url()).status_code == 200
