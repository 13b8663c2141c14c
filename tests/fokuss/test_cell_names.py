"""Matrix and heatmap cells say what they are to a screen reader: the village, the obligation
(with its period) or the competency, and the status or level; not just a coloured dot or a digit."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.competency.factories import RoundFactory, assess
from tests.obligations.factories import deadline, obligation

pytestmark = pytest.mark.django_db


def test_matrix_dot_names_village_obligation_period_and_status(world, login):
    today = timezone.localdate()
    ob = obligation(world.forum_a, name="Laporan Uji Tahunan")
    deadline(ob, world.a1, due_on=today - datetime.timedelta(days=2), period="TA 2025")
    page = login(world.users["pengurus"]).get(f"/kewajiban/matriks/?tahun={today.year}").content.decode()
    labels = re.findall(r'class="dot dot-[a-z]+"[^>]*aria-label="([^"]+)"', page)
    assert labels == ["Kalikidang · Laporan Uji Tahunan TA 2025: Terlambat"]


def test_heatmap_cell_names_village_competency_and_level(world, login):
    today = timezone.localdate()
    r = RoundFactory(forum=world.forum_a, starts_on=today - datetime.timedelta(days=5))
    assess(world.users["sekdes_a"], "KOMP-TIK", 3, round=r)
    page = login(world.users["pengurus"]).get(f"/kompetensi/?round={r.pk}").content.decode()
    names = re.findall(r'role="img" aria-label="([^"]+)"', page)
    assert "Kalikidang · Literasi Komputer &amp; Internet: tingkat 3, Mampu mandiri" in names
    assert any(n.startswith("Wiradadi · ") and n.endswith(": Belum dinilai") for n in names)
