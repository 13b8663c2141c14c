"""Channels are backends behind one interface, chosen like Django's email backends."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string


class ChannelError(Exception):
    """A send failed. ``permanent`` errors (an invalid number) are not retried."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class BaseChannel:
    def send(self, *, delivery) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def get_channel(name: str) -> BaseChannel:
    from .email import EmailChannel
    from .inapp import InAppChannel

    if name == "email":
        return EmailChannel()
    if name == "inapp":
        return InAppChannel()
    if name == "whatsapp":
        return import_string(settings.WHATSAPP_BACKEND)()
    raise ValueError(f"unknown channel {name!r}")
