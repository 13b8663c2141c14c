"""Writes for action items: create, complete, reopen; bad input is a clear message, never a half-saved row."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from actions.models import ActionItem
from actions.services import action_item_complete, action_item_create, action_item_reopen

pytestmark = pytest.mark.django_db
D = datetime.date


def _item(world, **kwargs) -> ActionItem:
    data = {"forum": world.forum_a, "owner": world.users["sekdes_a"], "title": "Kirim berita acara",
            "due_on": D(2026, 12, 1)} | kwargs
    return action_item_create(**data)


def test_create_strips_and_cuts_the_title_and_records_the_source(world):
    source = world.a1  # any row can be the source (a minutes item, a mentoring session ...)
    item = _item(world, title="  " + "x" * 400 + "  ", source=source, source_label="Notulen " + "y" * 400,
                 source_url="/kegiatan/1/", created_by=world.users["pengurus"])
    item.refresh_from_db()
    assert item.title == "x" * 300 and len(item.source_label) == 300
    assert item.source_type == ContentType.objects.get_for_model(source) and item.source_id == source.pk
    assert item.created_by == world.users["pengurus"] and not item.is_done and item.person_id == item.owner_id


def test_create_without_a_due_date_is_allowed(world):
    assert _item(world, due_on=None).due_on is None


@pytest.mark.parametrize("title", ["", "   ", None])
def test_create_without_a_title_is_refused_and_saves_nothing(world, title):
    with pytest.raises(ValidationError) as exc:
        _item(world, title=title)
    assert exc.value.message_dict == {"title": ["Isi tindak lanjutnya."]}
    assert not ActionItem.objects.exists()


def test_complete_records_when_and_the_note(world):
    item = action_item_complete(item=_item(world), user=world.users["sekdes_a"], note="  Sudah dikirim.  ")
    item.refresh_from_db()
    assert item.is_done and item.done_note == "Sudah dikirim."


def test_complete_twice_is_refused_and_keeps_the_first_completion(world):
    item = action_item_complete(item=_item(world), user=world.users["sekdes_a"], note="pertama")
    first = ActionItem.objects.get(pk=item.pk).done_at
    with pytest.raises(ValidationError, match="sudah ditandai selesai"):
        action_item_complete(item=item, user=world.users["sekdes_a"], note="kedua")
    item.refresh_from_db()
    assert item.done_at == first and item.done_note == "pertama"


def test_reopen_opens_a_completed_item_and_drops_its_note(world):
    item = action_item_complete(item=_item(world), user=world.users["sekdes_a"], note="keliru")
    action_item_reopen(item=item)
    item.refresh_from_db()
    assert not item.is_done and item.done_note == ""
    assert item.history.count() == 3  # created, completed, reopened: the note stays in the history


def test_reopen_an_open_item_is_refused(world):
    item = _item(world)
    with pytest.raises(ValidationError, match="belum ditandai selesai"):
        action_item_reopen(item=item)
