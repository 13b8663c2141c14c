"""Message kinds: one template per kind of message, with a form per channel.

``templates/notifications/messages/<kind>.txt`` holds the blocks of one kind:

- ``subject``: the e-mail subject, the in-app title and the first line of a WhatsApp message;
- ``text``: the message in plain words (the in-app notification's body, and the core of the others);
- ``email``: the plain-text part of the e-mail (default: ``text``, then the link);
- ``html``: the HTML part of the e-mail, inside the forum's letterhead (default: ``text`` as paragraphs);
- ``whatsapp``: the WhatsApp message (default: the subject in bold, ``text``, then the link).

Every block sees the message's context plus ``link`` (the absolute address of the message's
page) and ``channel``. The subject and the plain blocks are rendered without HTML escaping; only
``html`` is escaped. A kind overrides a default block only where its channel needs another form
(a WhatsApp message wants short lines, an e-mail a table).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.utils.html import escape, linebreaks

from .models import Channel

TEMPLATE = "notifications/messages/{kind}.txt"


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str  # the channel's plain form (in-app body, e-mail text part, WhatsApp message)
    html: str = ""  # e-mail only: the HTML part's content (the letterhead is added when it is sent)


def absolute(url: str) -> str:
    """The address a message links to, absolute (e-mail and WhatsApp leave the portal)."""
    if not url or "://" in url:
        return url
    return settings.SITE_URL.rstrip("/") + url


@lru_cache(maxsize=64)
def _blocks(kind: str) -> tuple[Any, dict[str, BlockNode]]:
    if not re.fullmatch(r"[a-z0-9_]+", kind):
        raise ValueError(f"bad message kind {kind!r}")
    template = get_template(TEMPLATE.format(kind=kind)).template
    return template, {node.name: node for node in template.nodelist.get_nodes_by_type(BlockNode)}


def _render_block(template, node: BlockNode, data: Mapping[str, Any], *, html: bool) -> str:
    context = Context(dict(data), autoescape=html)
    with context.render_context.push_state(template), context.bind_template(template):
        return node.render(context)


def _tidy(text: str) -> str:
    """Template whitespace out: no trailing spaces, no more than one empty line, no blank edges."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def render(*, kind: str, channel: str, context: Mapping[str, Any], url: str = "") -> Rendered:
    """The message of this kind for one channel."""
    template, blocks = _blocks(kind)
    data = {**context, "link": absolute(url), "channel": channel}

    def block(name: str, *, html: bool = False) -> str:
        return _render_block(template, blocks[name], data, html=html) if name in blocks else ""

    subject = _one_line(block("subject"))[:200]
    text = _tidy(block("text"))
    link = data["link"]
    if channel == Channel.WHATSAPP:
        body = _tidy(block("whatsapp")) if "whatsapp" in blocks else "\n".join(
            part for part in (f"*{subject}*", text, link) if part)
        return Rendered(subject=subject, body=body)
    if channel == Channel.EMAIL:
        body = _tidy(block("email")) if "email" in blocks else "\n\n".join(part for part in (text, link) if part)
        html = block("html", html=True).strip() if "html" in blocks else linebreaks(escape(text))
        return Rendered(subject=subject, body=body, html=html)
    return Rendered(subject=subject, body=text)
