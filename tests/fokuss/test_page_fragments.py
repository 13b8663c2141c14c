"""Page parts cached with {% forumcache %} (fokuss/templatetags/forum_cache.py) show a change made
through a service on the very next request."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members import services as member_services
from trainings import services as training_services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role, url", [
    ("pengurus", lambda w: reverse("members:directory")),
    ("pengurus", lambda w: reverse("reports:village_profile", args=[w.a1.code])),
    ("pengurus", lambda w: reverse("reports:person_profile", args=[w.users["sekdes_a"].pk])),
    ("camat", lambda w: reverse("reports:village_profile", args=[w.a1.code])),
    ("pengurus", lambda w: reverse("reports:capacity")),  # the report's figures, shared by the forum's readers
])
def test_a_secretarys_new_name_shows_on_the_next_request(world, login, role, url):
    client = login(world.users[role])
    sri = world.users["sekdes_a"]
    before = client.get(url(world)).content.decode()
    assert sri.full_name in before
    member_services.user_update_profile(user=sri, full_name="Sri Ganti Nama", whatsapp=sri.whatsapp,
                                        language=sri.language)
    after = client.get(url(world)).content.decode()
    assert "Sri Ganti Nama" in after and sri.full_name not in after.replace("Sri Ganti Nama", "")


def test_a_new_event_shows_in_the_event_list_on_the_next_request(world, login):
    client = login(world.users["pengurus"])
    client.get(reverse("trainings:event_list"))
    start = timezone.now() + datetime.timedelta(days=3)
    training_services.event_create(forum=world.forum_a, created_by=world.users["pengurus"], title="Rapat Fragmen Baru",
                                   kind="rapat", starts_at=start, ends_at=start + datetime.timedelta(hours=2),
                                   venue="Balai Desa")
    assert "Rapat Fragmen Baru" in client.get(reverse("trainings:event_list")).content.decode()
