"""URL converters. ``<id:pk>`` is ``<int:pk>`` bounded to a database id (1 .. 2**63-1): a longer
number does not match, so the address answers 404 instead of overflowing the database driver."""

from django.urls import register_converter

from .params import ID_MAX


class BoundedIntConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError("id out of range")  # no match -> 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(BoundedIntConverter, "id")
