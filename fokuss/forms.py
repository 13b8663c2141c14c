"""Glue between forms and services: a service's ValidationError becomes form errors, or a message
on the next page."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError

T = TypeVar("T")


def add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def service_message(request, call: Callable[[], T], *, success: str | Callable[[T], str]) -> T | None:
    """Run one service call for a button or a small form, the way every such view reports it: a
    ValidationError of the service becomes an error message on the next page, anything else the
    ``success`` message (a text, or made from the service's result). Returns the result, or None
    when the service refused."""
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
