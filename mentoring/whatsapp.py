"""Parser for exported WhatsApp chats (``.txt`` "Export chat" files).

Pure Python, no Django dependency. Used by the mentoring app to turn a chat export
into notes for a mentoring-session record.

Supported header formats (one message starts on each line with such a header):

* Android, Indonesian locale: ``17/01/17 09.15 - Sri Wahyuni: Selamat pagi``
  (also with a 4-digit year).
* Android, English locale: ``1/17/17, 9:15 AM - Sri: Good morning`` (12-hour clock,
  optionally with U+202F NARROW NO-BREAK SPACE before AM/PM) and
  ``17/01/2017, 09:15 - Sri: ...`` (24-hour clock).
* iPhone: ``[17/01/17 09.15.23] Sri Wahyuni: Pagi``, ``[17/01/2017, 09:15:23] ...`` and
  ``[1/17/17, 9:15:23 AM] ...``, optionally preceded by U+200E LEFT-TO-RIGHT MARK.

Lines that do not start with a header continue the previous message. Whether dates are
day/month or month/day is decided once per file (see :func:`_decide_day_first`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "ATTACHMENT_PLACEHOLDER",
    "TRUNCATION_MARKER",
    "ChatMessage",
    "ChatParseError",
    "excerpt_as_notes",
    "messages_between",
    "parse_chat",
]

ATTACHMENT_PLACEHOLDER = "[lampiran dihilangkan]"
TRUNCATION_MARKER = "… (dipotong)"
EMPTY_FILE_MESSAGE = "Berkas kosong atau bukan ekspor obrolan WhatsApp"

# Invisible direction marks WhatsApp sprinkles around attachments, system messages and
# phone-number authors.
_LRM = "\u200e"
_DIRECTION_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_NO_DIRECTION_MARKS = str.maketrans("", "", _DIRECTION_MARKS)

_DATE = r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4}|\d{2})"
_TIME = (
    r"(?P<hour>\d{1,2})[.:](?P<minute>\d{2})(?:[.:](?P<second>\d{2}))?"
    r"(?:[ \u00a0\u202f]?(?P<ampm>[AaPp]\.?[ \u00a0\u202f]?[Mm]\.?))?"
)
_SEP = r"[ \u00a0\u202f]"

# Android: "17/01/17 09.15 - Author: text"
_ANDROID_RE = re.compile(rf"^{_DATE},?{_SEP}{_TIME}{_SEP}-{_SEP}(?P<rest>.*)$")
# iPhone: "[17/01/17 09.15.23] Author: text", optionally preceded by U+200E.
_IPHONE_RE = re.compile(rf"^{_LRM}?\[{_DATE},?{_SEP}{_TIME}\]{_SEP}?(?P<rest>.*)$")

# Whole-line attachment markers (checked after stripping direction marks / whitespace).
_ATTACHMENT_LINE_RES = [
    re.compile(r"^<(?:Media tidak disertakan|Media omitted|Media dihilangkan)>$", re.IGNORECASE),
    re.compile(r"^<(?:terlampir|attached|lampiran):[^>]*>$", re.IGNORECASE),
    re.compile(r"^.+\((?:file terlampir|file attached)\)$", re.IGNORECASE),
    re.compile(
        r"^(?:.*\s)?(?:image|video|audio|sticker|document|GIF|contact card|photo)\s+omitted$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:.*\s)?(?:gambar|foto|video|audio|stiker|dokumen|GIF|kartu kontak)\s+tidak disertakan$",
        re.IGNORECASE,
    ),
]
# Inline attachment markers inside longer lines.
_ATTACHMENT_INLINE_RE = re.compile(
    rf"{_LRM}?<(?:terlampir|attached|lampiran):[^>]*>|"
    rf"{_LRM}?<(?:Media tidak disertakan|Media omitted|Media dihilangkan)>",
    re.IGNORECASE,
)

# The part before the first ": " is not an author name when it looks like one of these
# system notices (e.g. 'Pak Budi mengubah subjek dari "Rapat: APBDes"').
_SYSTEM_AUTHOR_RE = re.compile(
    r"[\"“”«»]|\b(?:changed the (?:subject|group description|group icon|group name)|"
    r"mengubah (?:subjek|deskripsi|ikon|nama)|created group|membuat grup)\b",
    re.IGNORECASE,
)
# iPhone writes group notices as "Group name: \u200eMessages and calls are ...".
_SYSTEM_BODY_RE = re.compile(
    r"end-to-end|terenkripsi|encrypted|created group|membuat grup|\badded\b|menambahkan|"
    r"\bleft\b|keluar|\bjoined\b|bergabung|\bremoved\b|mengeluarkan|\bchanged\b|mengubah",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ChatMessage:
    sent_at: datetime.datetime  # naive local time as written in the export
    author: str | None  # None for system messages
    text: str  # multi-line messages joined with "\n"; attachments replaced by ATTACHMENT_PLACEHOLDER
    line_no: int  # 1-based line of the message's first line in the file
    is_system: bool


class ChatParseError(ValueError):
    """The text is not a (valid) WhatsApp export. ``str(exc)`` is an Indonesian message."""

    def __init__(self, message: str, line_no: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line_no = line_no

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return (self.__class__, (self.message, self.line_no))

    @classmethod
    def at(cls, line_no: int, detail: str) -> ChatParseError:
        return cls(f"Baris {line_no}: {detail}", line_no)


@dataclass
class _Header:
    line_no: int
    a: int  # first date number
    b: int  # second date number
    year: int
    hour: int
    minute: int
    second: int
    ampm: str | None  # "AM" / "PM" / None
    raw_date: str
    raw_time: str
    rest: str


# ---------------------------------------------------------------------------
# Decoding and line splitting
# ---------------------------------------------------------------------------


def _decode(text: str | bytes) -> str:
    if isinstance(text, bytes | bytearray | memoryview):
        data = bytes(text)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line_no = data.count(b"\n", 0, exc.start) + 1
            raise ChatParseError.at(line_no, "berkas bukan teks UTF-8 yang valid") from exc
    if not isinstance(text, str):
        raise TypeError(f"parse_chat() expects str or bytes, not {type(text).__name__}")
    return text.removeprefix("\ufeff")


def _split_lines(text: str) -> list[str]:
    # Only "\n" (optionally preceded by "\r") ends a line: str.splitlines() would also break on
    # characters such as U+2028 that may legitimately appear inside a message.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


# ---------------------------------------------------------------------------
# Header recognition
# ---------------------------------------------------------------------------


def _match_header(line: str, line_no: int) -> _Header | None:
    match = _IPHONE_RE.match(line) or _ANDROID_RE.match(line)
    if match is None:
        return None
    year = int(match["year"])
    if len(match["year"]) == 2:
        year += 2000
    ampm = match["ampm"]
    if ampm:
        ampm = "AM" if ampm.strip().lower().startswith("a") else "PM"
    raw_date = f"{match['a']}/{match['b']}/{match['year']}"
    time_end = max(match.end(name) for name in ("minute", "second", "ampm") if match[name])
    raw_time = line[match.start("hour") : time_end]
    return _Header(
        line_no=line_no,
        a=int(match["a"]),
        b=int(match["b"]),
        year=year,
        hour=int(match["hour"]),
        minute=int(match["minute"]),
        second=int(match["second"] or 0),
        ampm=ampm,
        raw_date=raw_date,
        raw_time=raw_time,
        rest=match["rest"],
    )


def _decide_day_first(headers: list[_Header]) -> bool:
    """Day/month order for the whole file.

    The first date whose first number is > 12 makes the file D/M, the first date whose
    second number is > 12 makes it M/D (whichever comes first; later dates that contradict
    it are reported as errors). Without such a date, a file using AM/PM is taken to be a US
    English export (M/D); otherwise the Indonesian default D/M applies.
    """
    for header in headers:
        if header.a > 12 and header.b <= 12:
            return True
        if header.b > 12 and header.a <= 12:
            return False
    return not any(header.ampm for header in headers)


def _timestamp(header: _Header, *, day_first: bool) -> datetime.datetime:
    day, month = (header.a, header.b) if day_first else (header.b, header.a)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ChatParseError.at(header.line_no, f"format tanggal tidak dikenali: {header.raw_date}")
    try:
        date = datetime.date(header.year, month, day)
    except ValueError:
        raise ChatParseError.at(header.line_no, f"tanggal tidak valid: {header.raw_date}") from None

    hour = header.hour
    if header.ampm:
        if not 1 <= hour <= 12:
            raise ChatParseError.at(header.line_no, f"format waktu tidak dikenali: {header.raw_time}")
        hour %= 12
        if header.ampm == "PM":
            hour += 12
    if hour > 23 or header.minute > 59 or header.second > 59:
        raise ChatParseError.at(header.line_no, f"format waktu tidak dikenali: {header.raw_time}")
    return datetime.datetime.combine(date, datetime.time(hour, header.minute, header.second))


# ---------------------------------------------------------------------------
# Message bodies
# ---------------------------------------------------------------------------


def _without_marks(line: str) -> str:
    return line.translate(_NO_DIRECTION_MARKS).strip()


def _is_attachment_line(line: str) -> bool:
    bare = _without_marks(line)
    return bool(bare) and any(pattern.match(bare) for pattern in _ATTACHMENT_LINE_RES)


def _clean_line(line: str) -> str:
    """Replace attachment markers in one line of message text."""
    if _is_attachment_line(line):
        return ATTACHMENT_PLACEHOLDER
    line = _ATTACHMENT_INLINE_RE.sub(ATTACHMENT_PLACEHOLDER, line)
    return line.lstrip(_LRM)


def _split_author(rest: str) -> tuple[str | None, str, bool]:
    """Return (author, body, is_system) for the part of a header line after the timestamp."""
    author, sep, body = rest.partition(": ")
    if not sep:
        return None, rest.strip(_DIRECTION_MARKS), True
    clean_author = author.strip().strip(_DIRECTION_MARKS).strip()
    if not clean_author or _SYSTEM_AUTHOR_RE.search(clean_author):
        return None, rest.strip(_DIRECTION_MARKS), True
    if body.startswith(_LRM):
        bare = body.strip(_DIRECTION_MARKS)
        if not _is_attachment_line(body) and _SYSTEM_BODY_RE.search(bare):
            # iPhone group notice, e.g. "Paguyuban Sekdes: \u200ePesan dan panggilan terenkripsi ..."
            return None, bare, True
    return clean_author, body, False


def _join(lines: list[str]) -> str:
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def parse_chat(text: str | bytes) -> list[ChatMessage]:
    """Parse a WhatsApp chat export into messages (all-or-nothing).

    Raises :class:`ChatParseError` (with ``line_no``) when the text is empty, is not a
    WhatsApp export, or contains an invalid date/time in a message header.
    """
    lines = _split_lines(_decode(text))

    headers: dict[int, _Header] = {}
    for index, line in enumerate(lines):
        header = _match_header(line, index + 1)
        if header is not None:
            headers[index] = header
    if not headers:
        raise ChatParseError(EMPTY_FILE_MESSAGE, 1)

    day_first = _decide_day_first(list(headers.values()))

    messages: list[ChatMessage] = []
    current: dict | None = None

    def flush() -> None:
        if current is not None:
            messages.append(
                ChatMessage(
                    sent_at=current["sent_at"],
                    author=current["author"],
                    text=_join(current["lines"]),
                    line_no=current["line_no"],
                    is_system=current["is_system"],
                )
            )

    for index, line in enumerate(lines):
        header = headers.get(index)
        if header is None:
            if current is None:
                if not line.strip(" \t" + _DIRECTION_MARKS):
                    continue  # blank lines before the first message are harmless
                raise ChatParseError.at(
                    index + 1,
                    "baris ini tidak diawali tanggal dan jam, padahal belum ada pesan sebelumnya",
                )
            current["lines"].append(line if current["is_system"] else _clean_line(line))
            continue

        flush()
        sent_at = _timestamp(header, day_first=day_first)
        author, body, is_system = _split_author(header.rest)
        current = {
            "sent_at": sent_at,
            "author": author,
            "lines": [body if is_system else _clean_line(body)],
            "line_no": header.line_no,
            "is_system": is_system,
        }
    flush()
    return messages


def _as_date(value: datetime.date) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def messages_between(
    messages: Iterable[ChatMessage], *, start: datetime.date, end: datetime.date
) -> list[ChatMessage]:
    """Messages sent on ``start`` .. ``end`` (both dates inclusive), in their original order."""
    start, end = _as_date(start), _as_date(end)
    return [message for message in messages if start <= message.sent_at.date() <= end]


def excerpt_as_notes(messages: Iterable[ChatMessage], *, max_chars: int = 20000) -> str:
    """Render messages as ``dd/mm/yyyy HH:MM - Author: text`` lines for session notes.

    System messages are omitted. When the result would be longer than ``max_chars`` it is
    cut at a message boundary (or inside the first message if even that does not fit) and
    ends with a line ``… (dipotong)``; the result never exceeds ``max_chars``.
    """
    if max_chars < len(TRUNCATION_MARKER):
        raise ValueError(f"max_chars harus minimal {len(TRUNCATION_MARKER)}")

    entries = [
        f"{message.sent_at:%d/%m/%Y %H:%M} - {message.author}: {message.text}"
        for message in messages
        if not message.is_system
    ]
    full = "\n".join(entries)
    if len(full) <= max_chars:
        return full

    budget = max_chars - len(TRUNCATION_MARKER) - 1  # room for "\n" + marker
    kept: list[str] = []
    used = 0
    for entry in entries:
        needed = len(entry) + (1 if kept else 0)
        if used + needed > budget:
            if not kept and budget > 0:
                kept.append(entry[:budget].rstrip())
            break
        kept.append(entry)
        used += needed
    kept = [entry for entry in kept if entry]
    kept.append(TRUNCATION_MARKER)
    return "\n".join(kept)
