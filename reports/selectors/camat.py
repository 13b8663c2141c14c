"""The figures of the camat dashboard panel: this period's headlines against the previous one."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .capacity import CapacityFigures


def camat_headlines(*, now: CapacityFigures, before: CapacityFigures) -> list[tuple[str, object, object, str]]:
    """(label, value now, change against the previous period, unit) for the camat dashboard."""
    def delta(a, b):
        return None if a is None or b is None else round(a - b, 1)

    return [
        (_("Tepat waktu"), now.on_time_rate, delta(now.on_time_rate, before.on_time_rate), "%"),
        (_("Sekdes grade A (tingkat 3 ke atas)"), now.independent_share,
         delta(now.independent_share, before.independent_share), "%"),
        (_("Pelatihan diselenggarakan"), now.trainings_held, now.trainings_held - before.trainings_held, ""),
        (_("Kehadiran"), now.attendance_rate, delta(now.attendance_rate, before.attendance_rate), "%"),
        (_("Pendampingan aktif"), now.mentoring_active, now.mentoring_active - before.mentoring_active, ""),
    ]
