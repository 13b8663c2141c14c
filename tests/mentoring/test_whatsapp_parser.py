import datetime
import pickle
from pathlib import Path

import pytest

from mentoring.whatsapp import (
    ChatMessage,
    ChatParseError,
    excerpt_as_notes,
    messages_between,
    parse_chat,
)

SAMPLES = Path(__file__).parent / "samples"
LAMPIRAN = "[lampiran dihilangkan]"


def load(name: str) -> list[ChatMessage]:
    return parse_chat((SAMPLES / name).read_bytes())


def dt(*args: int) -> datetime.datetime:
    return datetime.datetime(*args)


def user_messages(messages: list[ChatMessage]) -> list[ChatMessage]:
    return [m for m in messages if not m.is_system]


# --- formats -------------------------------------------------------------------------------------


def test_android_indonesian_two_digit_year():
    messages = load("android_id_2digit.txt")
    first = user_messages(messages)[0]
    assert first == ChatMessage(
        sent_at=dt(2024, 1, 17, 9, 15),
        author="Sri Wahyuni",
        text="Selamat pagi Pak Budi 🙏",
        line_no=4,
        is_system=False,
    )
    assert messages[-1].sent_at == dt(2024, 1, 18, 13, 10)
    assert len(messages) == 11


def test_android_indonesian_four_digit_year_and_colon_in_text():
    messages = load("android_id_4digit.txt")
    assert [m.sent_at for m in messages] == [
        dt(2024, 2, 5, 10, 0),
        dt(2024, 2, 5, 10, 2),
        dt(2024, 2, 5, 10, 5),
        dt(2024, 2, 6, 15, 45),
    ]
    # split on the first ": " only; later colons stay in the text
    assert messages[2].author == "Pak Budi"
    assert messages[2].text == (
        "Iya Bu. Format: kop desa, daftar hadir, notulen.\nNotulen: tulis semua usulan dari BPD"
    )


def test_android_english_12h_with_narrow_no_break_space():
    messages = load("android_en_12h.txt")
    times = [m.sent_at for m in messages]
    assert times == [
        dt(2024, 1, 17, 8, 58),
        dt(2024, 1, 17, 9, 15),
        dt(2024, 1, 17, 9, 17),  # "9:17\u202fAM"
        dt(2024, 1, 17, 12, 5),  # 12 PM is noon
        dt(2024, 1, 17, 0, 30),  # 12 AM is midnight
        dt(2024, 1, 18, 16, 45),
    ]
    assert messages[2].author == "Pak Budi"


def test_android_english_24h_day_first_with_comma():
    messages = load("android_en_24h.txt")
    assert messages[0].sent_at == dt(2024, 1, 17, 9, 15)
    assert messages[0].author == "Sri Wahyuni"
    assert messages[-1].author == "Siti Aminah"
    assert messages[-1].text.endswith("😊")


def test_iphone_indonesian_with_seconds_and_lrm_prefix():
    messages = load("iphone_id_2digit.txt")
    by_line = {m.line_no: m for m in messages}
    assert by_line[2].sent_at == dt(2024, 1, 17, 9, 15, 23)
    assert by_line[2].author == "Sri Wahyuni"
    # line 6 starts with U+200E before the bracket and still is a message header
    assert by_line[6].sent_at == dt(2024, 1, 17, 9, 19, 10)
    assert by_line[6].author == "Sri Wahyuni"
    assert by_line[6].text == LAMPIRAN


def test_iphone_four_digit_year_with_comma():
    messages = load("iphone_id_4digit.txt")
    assert [m.sent_at for m in messages] == [
        dt(2024, 1, 17, 9, 15, 23),
        dt(2024, 1, 17, 9, 20, 0),
        dt(2024, 1, 17, 9, 21, 14),
        dt(2024, 1, 18, 7, 5, 40),
    ]
    assert messages[-1].text == "Terima kasih Pak 🙏🏽"


def test_iphone_english_12h():
    messages = load("iphone_en_12h.txt")
    assert messages[0].sent_at == dt(2024, 1, 17, 9, 15, 23)
    assert messages[3].sent_at == dt(2024, 1, 17, 9, 20, 12)  # U+202F before AM
    assert messages[-1].sent_at == dt(2024, 1, 17, 13, 2, 59)
    assert messages[-1].author == "Sri Wahyuni"


# --- message content -----------------------------------------------------------------------------


def test_multiline_message_keeps_lines_and_first_line_number():
    messages = load("android_id_2digit.txt")
    multi = next(m for m in messages if m.line_no == 6)
    assert multi.text == (
        "Sudah sampai belanja bidang 2 Pak.\n"
        "Yang bidang 3 belum, masih menunggu RKPDes final.\n"
        "Nanti sore saya lanjutkan."
    )
    following = messages[messages.index(multi) + 1]
    assert following.line_no == 9


def test_system_messages_android_have_no_author():
    messages = load("android_id_2digit.txt")
    system = [m for m in messages if m.is_system]
    assert [m.line_no for m in system] == [1, 2, 3]
    assert all(m.author is None for m in system)
    assert system[0].text.startswith("Pesan dan panggilan terenkripsi")
    assert system[2].text == "Pak Budi menambahkan Sri Wahyuni"


def test_system_message_english_added():
    messages = load("android_en_24h.txt")
    added = messages[2]
    assert added.is_system and added.author is None
    assert added.text == "Pak Budi added Siti Aminah"
    assert load("android_en_12h.txt")[0].is_system


def test_iphone_group_encryption_notice_is_system():
    first = load("iphone_id_2digit.txt")[0]
    assert first.is_system is True
    assert first.author is None
    assert first.text.startswith("Pesan dan panggilan terenkripsi")


def test_system_message_with_colon_in_quoted_subject():
    text = '17/01/24 09.00 - Pak Budi mengubah subjek dari "Rapat: APBDes" ke "Rapat: Siskeudes"\n'
    (message,) = parse_chat(text)
    assert message.is_system and message.author is None
    assert message.text.startswith("Pak Budi mengubah subjek")


@pytest.mark.parametrize(
    "body",
    [
        "\u200e<terlampir: 00000012-PHOTO-2024-01-17-09-15-23.jpg>",
        "\u200e<attached: 00000013-Laporan_APBDes.pdf>",
        "\u200eimage omitted",
        "<Media tidak disertakan>",
        "<Media omitted>",
        "IMG-20240117-WA0001.jpg (file terlampir)",
        "DOC-20240117-WA0002.pdf (file attached)",
        "document omitted",
        "Panduan_Siskeudes.pdf • 3 pages \u200edocument omitted",
        "\u200estiker tidak disertakan",
    ],
)
def test_attachments_are_replaced(body):
    (message,) = parse_chat(f"[17/01/24 09.15.23] Sri Wahyuni: {body}\n")
    assert message.text == LAMPIRAN
    assert message.author == "Sri Wahyuni"
    assert not message.is_system


def test_attachment_caption_on_next_line_is_kept():
    messages = load("android_id_2digit.txt")
    photo = next(m for m in messages if m.line_no == 10)
    assert photo.text == f"{LAMPIRAN}\nIni tampilan layar saya Pak"
    assert "IMG-" not in photo.text


def test_emoji_and_non_latin_text_survive():
    text = "17/01/24 09.15 - Sri Wahyuni 🌾: مرحبا 你好 ꦱꦸꦒꦼꦁ 👨‍👩‍👧 café\n"
    (message,) = parse_chat(text)
    assert message.author == "Sri Wahyuni 🌾"
    assert message.text == "مرحبا 你好 ꦱꦸꦒꦼꦁ 👨‍👩‍👧 café"


# --- day/month ambiguity -------------------------------------------------------------------------


def test_ambiguity_first_number_above_12_means_day_first():
    text = "03/04/24 10.00 - Pak Budi: A\n13/04/24 10.00 - Pak Budi: B\n"
    messages = parse_chat(text)
    assert messages[0].sent_at.date() == datetime.date(2024, 4, 3)
    assert messages[1].sent_at.date() == datetime.date(2024, 4, 13)


def test_ambiguity_second_number_above_12_means_month_first():
    text = "03/04/24, 10:00 - Pak Budi: A\n04/13/24, 10:00 - Pak Budi: B\n"
    messages = parse_chat(text)
    assert messages[0].sent_at.date() == datetime.date(2024, 3, 4)
    assert messages[1].sent_at.date() == datetime.date(2024, 4, 13)


def test_ambiguity_ampm_without_hint_is_month_first():
    messages = parse_chat("3/4/24, 10:00 AM - Pak Budi: A\n")
    assert messages[0].sent_at == dt(2024, 3, 4, 10, 0)


def test_ambiguity_24h_without_hint_is_day_first():
    messages = parse_chat("03/04/24 10.00 - Pak Budi: A\n[03/04/24 10.01.00] Pak Budi: B\n")
    assert [m.sent_at.date() for m in messages] == [datetime.date(2024, 4, 3)] * 2


def test_ambiguity_decided_for_the_whole_file_even_by_a_later_line():
    text = "05/06/24, 9:00 PM - Pak Budi: A\n25/06/24, 9:05 PM - Pak Budi: B\n"
    messages = parse_chat(text)
    # AM/PM alone would suggest M/D, but 25/06 proves D/M
    assert messages[0].sent_at == dt(2024, 6, 5, 21, 0)


# --- input handling ------------------------------------------------------------------------------


def test_crlf_line_endings():
    text = "17/01/24 09.15 - Sri Wahyuni: Baris satu\r\nbaris dua\r\n17/01/24 09.16 - Pak Budi: Oke\r\n"
    messages = parse_chat(text.encode("utf-8"))
    assert messages[0].text == "Baris satu\nbaris dua"
    assert messages[1].text == "Oke"
    assert not any("\r" in m.text or "\r" in (m.author or "") for m in messages)


def test_bom_in_bytes_and_str():
    text = "\ufeff17/01/24 09.15 - Sri Wahyuni: Pagi 🙏\n"
    from_bytes = parse_chat(text.encode("utf-8"))
    from_str = parse_chat(text)
    assert from_bytes == from_str
    assert from_bytes[0].author == "Sri Wahyuni"
    assert from_bytes[0].line_no == 1


def test_blank_lines_inside_message_kept_but_trailing_blank_lines_dropped():
    text = "17/01/24 09.15 - Pak Budi: Agenda:\n\n1. RKPDes\n\n\n17/01/24 09.20 - Sri Wahyuni: Siap\n"
    messages = parse_chat(text)
    assert messages[0].text == "Agenda:\n\n1. RKPDes"
    assert messages[1].line_no == 6


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", b"", "\n\n  \n", "Ini hanya catatan biasa\ntanpa tanggal\n"])
def test_empty_or_not_a_chat(content):
    with pytest.raises(ChatParseError) as excinfo:
        parse_chat(content)
    assert "Berkas kosong atau bukan ekspor obrolan WhatsApp" in str(excinfo.value)
    assert excinfo.value.line_no == 1


def test_continuation_line_before_first_message_is_error():
    text = "Obrolan dengan Pak Budi\n\n17/01/24 09.15 - Pak Budi: Pagi\n"
    with pytest.raises(ChatParseError) as excinfo:
        parse_chat(text)
    assert excinfo.value.line_no == 1
    assert str(excinfo.value).startswith("Baris 1: ")


def test_impossible_date_reports_line_number():
    text = "28/02/24 09.15 - Pak Budi: A\nlanjutan\n31/02/2024 09.16 - Pak Budi: B\n"
    with pytest.raises(ChatParseError) as excinfo:
        parse_chat(text)
    assert excinfo.value.line_no == 3
    assert str(excinfo.value) == "Baris 3: tanggal tidak valid: 31/02/2024"
    assert isinstance(excinfo.value, ValueError)


def test_conflicting_day_month_order_reports_later_line():
    text = "17/01/24 09.15 - Pak Budi: A\n01/17/24 09.16 - Pak Budi: B\n"
    with pytest.raises(ChatParseError) as excinfo:
        parse_chat(text)
    assert excinfo.value.line_no == 2
    assert str(excinfo.value).startswith("Baris 2: format tanggal tidak dikenali: 01/17/24")


def test_invalid_time_reports_line_number():
    with pytest.raises(ChatParseError) as excinfo:
        parse_chat("17/01/24 09.15 - Pak Budi: A\n17/01/24 25.10 - Pak Budi: B\n")
    assert excinfo.value.line_no == 2
    assert "format waktu tidak dikenali: 25.10" in str(excinfo.value)


def test_undecodable_bytes_report_failing_line():
    valid = "17/01/24 09.15 - Pak Budi: Pagi 🙏\nlanjutan ✅\n".encode()
    data = valid + b"17/01/24 09.16 - Pak Budi: \xff\xfe\n"
    with pytest.raises(ChatParseError) as excinfo:
        parse_chat(b"\xef\xbb\xbf" + data)
    assert excinfo.value.line_no == 3
    assert str(excinfo.value).startswith("Baris 3: ")


def test_parse_error_survives_pickling():
    error = ChatParseError("Baris 7: tanggal tidak valid: 31/02/2024", 7)
    clone = pickle.loads(pickle.dumps(error))
    assert clone.line_no == 7
    assert str(clone) == str(error)


# --- messages_between / excerpt_as_notes ---------------------------------------------------------


def test_messages_between_is_inclusive_on_both_ends():
    text = (
        "16/01/24 23.59 - Pak Budi: sebelum\n"
        "17/01/24 00.00 - Pak Budi: awal\n"
        "18/01/24 23.59 - Pak Budi: akhir\n"
        "19/01/24 00.00 - Pak Budi: sesudah\n"
    )
    messages = parse_chat(text)
    picked = messages_between(messages, start=datetime.date(2024, 1, 17), end=datetime.date(2024, 1, 18))
    assert [m.text for m in picked] == ["awal", "akhir"]
    single = messages_between(messages, start=datetime.date(2024, 1, 19), end=datetime.date(2024, 1, 19))
    assert [m.text for m in single] == ["sesudah"]
    assert messages_between(messages, start=datetime.date(2024, 1, 20), end=datetime.date(2024, 1, 31)) == []


def test_excerpt_as_notes_format_omits_system_messages():
    messages = load("android_en_24h.txt")
    notes = excerpt_as_notes(messages)
    lines = notes.split("\n")
    assert lines[0] == (
        "17/01/2024 09:15 - Sri Wahyuni: Pak Budi, laporan Dana Desa tahap I sudah saya unggah ke OM-SPAN"
    )
    assert len(lines) == 3
    assert "added" not in notes
    assert not notes.endswith("(dipotong)")


def test_excerpt_as_notes_truncates_at_message_boundary():
    messages = [
        ChatMessage(dt(2024, 1, 17, 9, i), "Pak Budi", f"pesan nomor {i:02d}", i + 1, False)
        for i in range(50)
    ]
    notes = excerpt_as_notes(messages, max_chars=200)
    assert len(notes) <= 200
    lines = notes.split("\n")
    assert lines[-1] == "… (dipotong)"
    assert lines[0] == "17/01/2024 09:00 - Pak Budi: pesan nomor 00"
    assert all(line.startswith("17/01/2024 09:") for line in lines[:-1])
    assert len(lines) > 2


def test_excerpt_as_notes_truncates_single_huge_message():
    huge = ChatMessage(dt(2024, 1, 17, 9, 0), "Sri Wahyuni", "x" * 500, 1, False)
    notes = excerpt_as_notes([huge], max_chars=100)
    assert len(notes) <= 100
    assert notes.startswith("17/01/2024 09:00 - Sri Wahyuni: xxx")
    assert notes.endswith("\n… (dipotong)")
    assert excerpt_as_notes([huge], max_chars=600).endswith("x")


def test_direction_marks_stripped_from_phone_author_and_body():
    text = "[17/01/24 09.15.23] \u202a+62 812-3456-7890\u202c: \u200eThis message was deleted.\n"
    (message,) = parse_chat(text)
    assert message.author == "+62 812-3456-7890"
    assert message.text == "This message was deleted."
    assert not message.is_system
