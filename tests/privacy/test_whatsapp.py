"""Who sees a WhatsApp number (the person's choice), and WhatsApp reminders only with consent."""

import pytest

from members.models import Consent
from members.selectors import actor_for, visible_whatsapp, whatsapp_consented_ids
from members.services import consent_record
from notifications.models import Delivery
from notifications.services import Message, deliveries_plan
from tests import factories as f


def _wa(user) -> str:
    return f"https://wa.me/{user.whatsapp.lstrip('+')}"


@pytest.mark.django_db
def test_board_visibility_hides_the_number_from_a_sekdes_of_the_same_forum(world, login):
    sri = world.users["sekdes_a"]
    sri.whatsapp_visibility = "board"
    sri.save()
    assert _wa(sri) not in login(world.users["sekdes_b"]).get("/anggota/").content.decode()
    assert _wa(sri) in login(world.users["pengurus"]).get("/anggota/").content.decode()
    assert _wa(sri) in login(world.users["camat"]).get("/anggota/").content.decode()
    assert _wa(sri) in login(world.users["pendamping"]).get("/anggota/").content.decode()  # her pendamping (a1)


@pytest.mark.django_db
def test_forum_visibility_shows_it_to_the_forum_and_nobody_hides_it_from_the_board(world, login):
    sri = world.users["sekdes_a"]
    assert _wa(sri) in login(world.users["sekdes_b"]).get("/anggota/").content.decode()
    sri.whatsapp_visibility = "nobody"
    sri.save()
    assert _wa(sri) not in login(world.users["pengurus"]).get("/anggota/").content.decode()


@pytest.mark.django_db
def test_visible_whatsapp_selector(world):
    sri, yuli = world.users["sekdes_a"], world.users["sekdes_b"]
    sri.whatsapp_visibility, yuli.whatsapp_visibility = "board", "forum"
    people = [sri, yuli]
    forum = world.forum_a.pk
    assert visible_whatsapp(actor_for(yuli), people, forum_id=forum) == {yuli.pk}  # herself
    assert visible_whatsapp(actor_for(world.users["pengurus"]), people, forum_id=forum) == {sri.pk, yuli.pk}
    # the pendamping of a1 (Sri's village) only, not of a2
    pendamping = world.users["pendamping"]
    assert visible_whatsapp(actor_for(pendamping), people, forum_id=forum) == {sri.pk, yuli.pk}
    yuli.whatsapp_visibility = "board"
    assert visible_whatsapp(actor_for(pendamping), people, forum_id=forum) == {sri.pk}
    assert visible_whatsapp(actor_for(world.users["other_forum"]), people, forum_id=forum) == set()


@pytest.mark.django_db
def test_new_accounts_default_to_board(db):
    from members.models import User

    assert User.objects.create_user(email="baru@contoh.test", full_name="Baru").whatsapp_visibility == "board"


@pytest.mark.django_db
def test_the_visibility_form_saves_the_choice(world, login):
    client = login(world.users["sekdes_a"])
    assert client.post("/data-pribadi/whatsapp/", {"whatsapp_visibility": "nobody"}).status_code == 302
    world.users["sekdes_a"].refresh_from_db()
    assert world.users["sekdes_a"].whatsapp_visibility == "nobody"
    bad = client.post("/data-pribadi/whatsapp/", {"whatsapp_visibility": "semua"})
    assert bad.status_code == 400 and "whatsapp_visibility" in bad.context["visibility_form"].errors


def _plan(user):
    deliveries_plan(messages=[Message(key="uji:1", slot="H-1", recipient_id=user.pk, subject="Uji", body="Uji")])
    return set(Delivery.objects.filter(recipient=user).values_list("channel", flat=True))


@pytest.mark.django_db(transaction=True)
def test_no_whatsapp_without_consent(db):
    without = f.UserFactory(whatsapp_consent=False)
    assert _plan(without) == {"inapp", "email"}
    agreed = f.UserFactory()
    assert _plan(agreed) == {"inapp", "email", "whatsapp"}


@pytest.mark.django_db
def test_the_latest_consent_counts(db):
    person = f.UserFactory(whatsapp_consent=False)
    consent_record(person=person, purpose="whatsapp", given=True, source="uji")
    assert whatsapp_consented_ids([person.pk]) == {person.pk}
    consent_record(person=person, purpose="whatsapp", given=False, source="uji")
    assert whatsapp_consented_ids([person.pk]) == set()
    consent_record(person=person, purpose="whatsapp", given=False, source="uji")  # unchanged: no new row
    assert Consent.objects.filter(person=person).count() == 2


@pytest.mark.django_db
def test_the_preferences_page_records_consent(world, login):
    user = world.users["sekdes_b"]
    Consent.objects.filter(person=user).delete()
    client = login(user)
    assert client.get("/notifikasi/preferensi/").context["form"].initial["whatsapp_consent"] is False
    client.post("/notifikasi/preferensi/", {"email": "on", "whatsapp": "on", "whatsapp_consent": "on"})
    assert whatsapp_consented_ids([user.pk]) == {user.pk}
    assert Consent.objects.get(person=user).source == "halaman preferensi notifikasi"
    client.post("/notifikasi/preferensi/", {"email": "on", "whatsapp": "on"})
    assert whatsapp_consented_ids([user.pk]) == set()
