"""Menus per role: the bottom navigation on phones holds each role's 4-5 main destinations (so the
main task is one tap from any page, two from the dashboard at most), and nobody sees entries that
are always empty for them ("Tenggat saya" / "Tugas saya" for the camat office and kabupaten staff).
Both menus are chosen by the policy (fokuss/policy.py), not by role flags."""

import re

import pytest
from django.urls import reverse

from fokuss import policy
from members.selectors import actor_for

pytestmark = pytest.mark.django_db

# role -> the bottom navigation's destinations, in order
BOTTOM_NAV = {
    "sekdes_a": ["members:dashboard", "obligations:my_deadlines", "trainings:event_list", "competency:my_profile",
                 "actions:my_tasks"],
    "pengurus": ["members:dashboard", "obligations:matrix", "trainings:event_list", "competency:heatmap",
                 "actions:my_tasks"],
    "camat": ["members:dashboard", "obligations:matrix", "trainings:event_list", "competency:heatmap",
              "reports:capacity"],
    "pendamping": ["members:dashboard", "obligations:my_deadlines", "trainings:event_list", "competency:heatmap",
                   "actions:my_tasks"],
    "kabupaten": ["members:dashboard", "obligations:matrix", "trainings:event_list", "competency:heatmap",
                  "reports:kabupaten"],
}


def _bottom_nav(html: str) -> list[str]:
    nav = re.search(r'<nav class="bottom-nav[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no bottom navigation on the page"
    return re.findall(r'<a href="([^"]+)"', nav.group(1))


@pytest.mark.parametrize("role", sorted(BOTTOM_NAV))
def test_bottom_nav_holds_the_roles_main_destinations(world, login, role):
    html = login(world.users[role]).get("/").content.decode()
    assert _bottom_nav(html) == [reverse(name) for name in BOTTOM_NAV[role]]


def test_bottom_nav_marks_the_current_page(world, login):
    html = login(world.users["sekdes_a"]).get(reverse("obligations:my_deadlines")).content.decode()
    nav = re.search(r'<nav class="bottom-nav[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)" aria-current="page"', nav) == [reverse("obligations:my_deadlines")]


def test_no_bottom_nav_for_anonymous_visitors(client):
    assert 'class="bottom-nav' not in client.get(reverse("account_login")).content.decode()


@pytest.mark.parametrize("role, sees", [("sekdes_a", True), ("pengurus", True), ("pendamping", True),
                                         ("camat", False), ("kabupaten", False)])
def test_my_deadlines_and_my_tasks_only_for_those_who_have_them(world, login, role, sees):
    html = login(world.users[role]).get("/").content.decode()
    menu = html[html.index('id="mainnav"'):html.index("</nav>", html.index('id="mainnav"'))]
    assert ("Tenggat saya" in menu) is sees
    assert ("Tugas saya" in menu) is sees
    actor = actor_for(world.users[role])
    assert policy.can(actor, "deadline.own", world.forum_a) is sees
    assert policy.can(actor, "action_item.own", world.forum_a) is sees


def test_own_deadlines_and_tasks_are_per_forum(world):
    other = actor_for(world.users["other_forum"])  # board and secretary of forum B
    assert policy.can(other, "deadline.own", world.forum_b)
    assert not policy.can(other, "deadline.own", world.forum_a)
    assert not policy.can(other, "action_item.own", world.forum_a)
