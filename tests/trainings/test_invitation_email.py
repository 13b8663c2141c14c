"""The invitation e-mail: HTML in the forum's letterhead with a plain-text alternative, the undangan
PDF and a calendar request attached when it is sent, Reply-To the forum's secretary,
List-Unsubscribe to the preferences."""

import datetime
import email
from email import policy

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from notifications.mail import unsubscribe_token
from notifications.models import Delivery, Preference
from notifications.services import delivery_send
from tests import factories as f
from tests.pdftext import pdftotext
from trainings import services

pytestmark = pytest.mark.django_db
SITE = settings.SITE_URL.rstrip("/")


@pytest.fixture
def secretary(world):
    person = f.UserFactory(full_name="Rahayu Uji Sekretaris", email="sekretaris@fokuss.test")
    f.BoardPositionFactory(forum=world.forum_a, user=person, position="sekretaris")
    return person


def _publish_and_send(world, event) -> tuple[Delivery, email.message.EmailMessage]:
    services.event_publish(event=event, by=world.users["pengurus"])
    row = Delivery.objects.get(key=f"event:{event.pk}:invite", channel="email", recipient=world.users["sekdes_a"])
    mail.outbox.clear()
    assert delivery_send(delivery_id=row.pk).status == "sent"
    [sent] = mail.outbox
    return row, email.message_from_bytes(sent.message().as_bytes(), policy=policy.default)


def test_invitation_email_structure(world, draft_event, secretary):
    draft_event.description = "Membahas Perbup No. 1/2023."
    draft_event.save()
    row, msg = _publish_and_send(world, draft_event)
    assert row.attachments == [f"event-undangan:{draft_event.pk}", f"event-ics:{draft_event.pk}"]

    # mixed [ alternative [ text/plain, related [ text/html, logo ] ], undangan.pdf, undangan.ics ]
    assert msg.get_content_type() == "multipart/mixed"
    body, *files = msg.get_payload()
    assert body.get_content_type() == "multipart/alternative"
    plain, related = body.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html, logo = related.get_payload()
    assert html.get_content_type() == "text/html" and logo.get_content_type() == "image/png"
    assert logo["Content-ID"] == "<logo-forum>" and 'src="cid:logo-forum"' in html.get_content()
    assert "http" not in html.get_content().split("cid:logo-forum")[0].split("<img")[-1]  # no remote image
    assert "FOKUSS" in html.get_content() and "#146c43" in html.get_content()  # the forum's name and colour
    assert "Bimtek Penyusunan Perdes" in html.get_content() and "Membahas Perbup No. 1/2023." in html.get_content()

    text = plain.get_content()
    link = SITE + reverse("trainings:event_detail", args=[draft_event.pk])
    assert "Bimtek Penyusunan Perdes" in text and link in text and "WIB" in text
    assert "preferensi" in text  # where to change or stop e-mail

    pdf, ics = files
    assert pdf.get_content_type() == "application/pdf" and pdf.get_filename() == f"undangan-{draft_event.pk}.pdf"
    data = pdf.get_content()
    assert data.startswith(b"%PDF") and "Bimtek Penyusunan Perdes" in pdftotext(data)
    assert ics.get_content_type() == "text/calendar" and ics.get_param("method") == "REQUEST"
    assert ics.get_filename() == "undangan.ics"

    cal = Calendar.from_ical(ics.get_content())
    assert str(cal["method"]) == "REQUEST"
    [vevent] = cal.walk("VEVENT")
    assert str(vevent["uid"]) == f"event-{draft_event.pk}@fokuss"  # the same UID as the calendar feed
    start = vevent.decoded("dtstart")
    assert start == draft_event.starts_at.replace(microsecond=0) and start.utcoffset() == datetime.timedelta(0)
    assert vevent.decoded("dtend") == draft_event.ends_at.replace(microsecond=0)
    assert str(vevent["organizer"]).startswith("mailto:") and "FOKUSS" in vevent["organizer"].params["CN"]
    attendee = vevent["attendee"]
    assert str(attendee) == f"mailto:{world.users['sekdes_a'].email}"
    assert attendee.params["CN"] == "Sri Uji Wahyuni" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert str(vevent["url"]) == link

    # headers: the forum as sender, its secretary for replies, unsubscribe to the preferences
    assert msg["To"] == world.users["sekdes_a"].email
    assert "FOKUSS" in msg["From"]
    assert msg["Reply-To"] == "Rahayu Uji Sekretaris <sekretaris@fokuss.test>"
    unsubscribe = SITE + reverse("notifications:unsubscribe", args=[unsubscribe_token(world.users["sekdes_a"].pk)])
    assert msg["List-Unsubscribe"].strip() == f"<{unsubscribe}>"  # a long header may be folded
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Subject"] == "Undangan: Bimtek Penyusunan Perdes"


def test_ics_start_is_the_wib_hour_in_utc(world):
    from tests.trainings.factories import EventFactory, wib

    event = EventFactory(forum=world.forum_a, status="draft", starts_at=wib(2030, 3, 4, 8), ends_at=wib(2030, 3, 4, 12))
    _row, msg = _publish_and_send(world, event)
    ics = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"][0]
    assert "DTSTART:20300304T010000Z" in ics.get_content()  # 08.00 WIB = 01.00 UTC
    assert "DTEND:20300304T050000Z" in ics.get_content()


def test_no_secretary_in_office_means_no_reply_to(world, draft_event):
    _row, msg = _publish_and_send(world, draft_event)
    assert msg["Reply-To"] is None


def test_a_secretary_whose_term_ended_is_not_the_reply_to(world, draft_event):
    person = f.UserFactory(email="mantan@fokuss.test")
    f.BoardPositionFactory(forum=world.forum_a, user=person, position="sekretaris",
                           period_start=datetime.date(2019, 1, 1), period_end=timezone.localdate()
                           - datetime.timedelta(days=1))
    _row, msg = _publish_and_send(world, draft_event)
    assert msg["Reply-To"] is None


def test_invitation_in_app_and_whatsapp_forms(world, draft_event):
    services.event_publish(event=draft_event, by=world.users["pengurus"])
    rows = {d.channel: d for d in Delivery.objects.filter(key=f"event:{draft_event.pk}:invite",
                                                          recipient=world.users["sekdes_a"])}
    assert rows["inapp"].body.startswith('Pelatihan / bimtek "Bimtek Penyusunan Perdes" pada ')
    assert "Mohon konfirmasi kehadiran paling lambat" in rows["inapp"].body
    assert rows["whatsapp"].body.startswith("*Undangan: Bimtek Penyusunan Perdes*")
    assert rows["whatsapp"].body.endswith(SITE + reverse("trainings:event_detail", args=[draft_event.pk]))
    assert not rows["inapp"].attachments and not rows["whatsapp"].attachments


def test_unsubscribe_link_asks_then_stops_email(client, world):
    person = world.users["sekdes_a"]
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(person.pk)])
    page = client.get(url)
    assert page.status_code == 200 and "Hentikan email" in page.content.decode()
    assert reverse("notifications:preferences") in page.content.decode()
    assert not Preference.objects.filter(user=person, email=False).exists()
    # a mail program's one-click unsubscribe (RFC 8058): a POST without a session or CSRF token
    done = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "dihentikan" in done.content.decode()
    assert Preference.objects.get(user=person).email is False


@pytest.mark.parametrize("token", ["1", "1:forged", "x" * 300, "%00", "' OR 1=1 --"])
def test_unsubscribe_with_a_bad_token_is_404(client, world, token):
    response = client.post(f"/notifikasi/berhenti/{token}/")
    assert response.status_code == 404


@pytest.mark.parametrize("raw", ["99999999999999999999", "-1", "0", "abc"])
def test_unsubscribe_with_a_signed_but_impossible_id_is_404(client, world, raw):
    from django.core import signing

    from notifications.mail import UNSUBSCRIBE_SALT

    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(raw)
    assert client.get(reverse("notifications:unsubscribe", args=[token])).status_code == 404
