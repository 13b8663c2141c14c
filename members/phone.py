"""WhatsApp numbers: accepted as people type them (0812..., 62812..., +62 812-...), stored in E.164."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "ID"


def normalize_phone(raw: str) -> str:
    """Return the E.164 form of a phone number or raise ValidationError."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    candidate = raw
    if candidate.startswith("62") and not candidate.startswith("+"):
        candidate = "+" + candidate
    try:
        number = phonenumbers.parse(candidate, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Nomor telepon tidak dikenali: %(value)s"), params={"value": raw}, code="invalid") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Nomor telepon tidak valid: %(value)s"), params={"value": raw}, code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_e164(value: str) -> None:
    if value and normalize_phone(value) != value:
        raise ValidationError(_("Simpan nomor dalam format internasional, mis. +6281234567890."), code="invalid")
