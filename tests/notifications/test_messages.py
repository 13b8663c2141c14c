"""Message kinds: one template per kind, a form per channel (notifications.messages), planned into
Delivery rows with the channel's own text."""

import datetime

import pytest
from django.conf import settings

from notifications.messages import render
from notifications.models import Delivery, Notification
from notifications.services import Message, deliveries_plan, delivery_send
from tests import factories as f

SITE = settings.SITE_URL.rstrip("/")
DAYTIME = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))

DEADLINE = {"doc": "Laporan Penyelenggaraan Pemerintahan Desa (LPPD)", "period": "TA 2026", "village": "Kalikidang",
            "due": "Senin, 7 Desember 2026", "left": 7, "to": "Camat Sokaraja"}

# Every kind with a context like the one its rule gives.
KINDS = {
    "deadline_due": DEADLINE,
    "deadline_overdue": {**DEADLINE, "late": 31},
    "deadline_overdue_summary": {"doc": "IPPD", "period": "TA 2025", "due": "Senin, 2 Maret 2026", "late": 7,
                                 "count": 2, "names": "Kalikidang, Karangrau"},
    "event_invitation": {"kind": "Pelatihan / bimtek", "kind_lower": "pelatihan / bimtek", "title": "Bimtek Perdes",
                         "date": "Kamis, 10 Desember 2026", "time": "08.00", "end_time": "15.00",
                         "venue": "Aula Kecamatan", "online_url": "", "deadline": "", "description": "",
                         "forum": "FOKUSS Sokaraja"},
    "event_reminder": {"title": "Bimtek Perdes", "date": "Kamis, 10 Desember 2026", "time": "08.00",
                       "venue": "Aula Kecamatan", "left": 3},
    "event_rsvp": {"title": "Bimtek Perdes", "date": "Selasa, 8 Desember 2026", "time": "16.00", "left": 1},
    "minutes_late": {"title": "Rapat rutin November", "days": 3},
    "mentoring_stalled": {"code": "K3", "competency": "Penyusunan APBDes", "days": 30, "mentor": "Sri Uji Wahyuni",
                          "mentee": "Yuli Uji Kartika", "last_session": "", "started": "2 Oktober 2026"},
    "action_item_due": {"title": "Kirim berita acara", "source": "Notulen rapat November",
                        "due": "Senin, 7 Desember 2026", "left": -1},
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("channel", ["inapp", "email", "whatsapp"])
def test_every_kind_renders_on_every_channel(kind, channel):
    out = render(kind=kind, channel=channel, context=KINDS[kind], url="/halaman/1/")
    assert out.subject and "\n" not in out.subject and "{" not in out.subject
    assert out.body and "{%" not in out.body and "{{" not in out.body
    assert "  " not in out.body  # template whitespace is tidied away
    link = f"{SITE}/halaman/1/"
    if channel == "inapp":
        assert link not in out.body  # the bell links the notification itself
        assert out.html == ""
    else:
        assert out.body.count(link) == 1  # e-mail and WhatsApp leave the portal: the link, once
    if channel == "email":
        assert out.html.strip().startswith("<")


def test_deadline_reminder_names_village_obligation_period_and_days_left_on_every_channel():
    texts = {ch: render(kind="deadline_due", channel=ch, context=DEADLINE, url="/tenggat/4/")
             for ch in ("inapp", "email", "whatsapp")}
    for channel, out in texts.items():
        whole = f"{out.subject}\n{out.body}"
        for part in ("Kalikidang", "Laporan Penyelenggaraan Pemerintahan Desa (LPPD)", "TA 2026", "7 hari lagi"):
            assert part in whole, (channel, part)
    assert texts["inapp"].subject == "7 hari lagi: Laporan Penyelenggaraan Pemerintahan Desa (LPPD) TA 2026, Desa Kalikidang"
    # WhatsApp: a bold first line, one fact per line, the link last
    lines = texts["whatsapp"].body.splitlines()
    assert lines[0] == "*Tenggat 7 hari lagi*"
    assert "Desa: Kalikidang" in lines and "Periode: TA 2026" in lines
    assert lines[-1] == f"Unggah bukti: {SITE}/tenggat/4/"
    # e-mail: the same facts as a table in the HTML part
    assert "<td style=\"padding:3px 0;font-weight:bold;\">Kalikidang</td>" in texts["email"].html
    today = render(kind="deadline_due", channel="inapp", context={**DEADLINE, "left": 0}, url="/tenggat/4/")
    assert today.subject.startswith("Hari ini jatuh tempo:") and "jatuh tempo hari ini" in today.body


def test_overdue_reminder_tells_the_real_number_of_days_late():
    out = render(kind="deadline_overdue", channel="whatsapp", context={**DEADLINE, "late": 31}, url="/t/")
    assert out.body.splitlines()[0] == "*Terlambat 31 hari*"
    assert out.subject == "Terlambat 31 hari: Laporan Penyelenggaraan Pemerintahan Desa (LPPD) TA 2026, Desa Kalikidang"


def test_user_text_is_escaped_in_html_only():
    context = {**KINDS["event_invitation"], "title": "Rapat <b>penting</b> & \"darurat\"",
               "description": "Bawa <script>alert(1)</script> laptop"}
    email = render(kind="event_invitation", channel="email", context=context, url="/k/1/")
    assert "<script>" not in email.html and "&lt;script&gt;" in email.html
    assert "Rapat &lt;b&gt;penting&lt;/b&gt;" in email.html
    assert "Bawa <script>alert(1)</script> laptop" in email.body  # plain text stays as written
    assert email.subject == "Undangan: Rapat <b>penting</b> & \"darurat\""


@pytest.mark.django_db
def test_plan_stores_each_channels_own_text_and_attachments_only_on_email():
    person = f.UserFactory()
    deliveries_plan(messages=[Message(key="deadline:9", slot="H-7", recipient_id=person.pk, kind="deadline_due",
                                      context=DEADLINE, url="/tenggat/9/", attachments=("x:1",))])
    rows = {d.channel: d for d in Delivery.objects.filter(recipient=person)}
    assert set(rows) == {"inapp", "email", "whatsapp"}
    assert rows["whatsapp"].body.startswith("*Tenggat 7 hari lagi*")
    assert rows["inapp"].body.startswith("Laporan Penyelenggaraan Pemerintahan Desa (LPPD) (TA 2026) Desa Kalikidang")
    assert rows["email"].html and not rows["inapp"].html and not rows["whatsapp"].html
    assert rows["email"].attachments == ["x:1"] and rows["inapp"].attachments == [] == rows["whatsapp"].attachments
    assert len({d.subject for d in rows.values()}) == 1

    delivery_send(delivery_id=rows["inapp"].pk)
    note = Notification.objects.get(recipient=person)
    assert note.title.startswith("7 hari lagi:") and note.url == "/tenggat/9/" and SITE not in note.body


@pytest.mark.django_db
def test_whatsapp_link_is_not_repeated_when_the_kind_already_ends_with_it():
    from notifications.channels.whatsapp import LocmemWhatsAppBackend

    LocmemWhatsAppBackend.outbox.clear()
    person = f.UserFactory()
    deliveries_plan(messages=[Message(key="deadline:9", slot="H-7", recipient_id=person.pk, kind="deadline_due",
                                      context=DEADLINE, url="/tenggat/9/", channels=("whatsapp",))])
    delivery_send(delivery_id=Delivery.objects.get(recipient=person).pk, now=DAYTIME)  # not in quiet hours
    [sent] = LocmemWhatsAppBackend.outbox
    assert sent["message"].count(f"{SITE}/tenggat/9/") == 1
