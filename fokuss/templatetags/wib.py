"""Times as the glossary writes them (docs/glossary.md): "08.00 WIB".

    {% load wib %}
    {{ event.starts_at|wib }}               -> "08.00 WIB"
    {{ event.starts_at|wib:"l, j F Y" }}    -> "Senin, 17 Januari 2017 08.00 WIB"
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()

WIB = ZoneInfo("Asia/Jakarta")


def format_wib(value, date_format_string: str = "") -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(WIB)
        clock = value.strftime("%H.%M")
        day = date_format(value, date_format_string) + " " if date_format_string else ""
        return f"{day}{clock} WIB"
    if isinstance(value, datetime.time):
        return f"{value.strftime('%H.%M')} WIB"
    return ""


@register.filter(name="wib")
def wib(value, arg: str = "") -> str:
    return format_wib(value, arg)
