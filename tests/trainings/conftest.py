import datetime

import pytest
from django.utils import timezone

from tests.trainings.factories import EventFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def draft_event(world):
    """A training of forum A in ten days, not yet announced."""
    start = timezone.now() + datetime.timedelta(days=10)
    return EventFactory(forum=world.forum_a, status="draft", title="Bimtek Penyusunan Perdes", starts_at=start,
                        ends_at=start + datetime.timedelta(hours=6),
                        registration_deadline=start - datetime.timedelta(days=2))
