"""Export tables of the reports pages (fokuss.exports), built from the page's own selector
output so the file shows the page's numbers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fokuss.exports import Table


def _pct(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def capacity_villages_table(report) -> Table:
    """The capacity report's per-village table."""
    return Table(
        headers=[_("Desa"), _("Kode desa"), _("Sekretaris desa"), _("Status jabatan"), _("Tenggat jatuh tempo"),
                 _("Tepat waktu"), _("Tepat waktu (%)"), _("Lewat tempo"), _("Hadir"), _("Diharapkan hadir"),
                 _("Kehadiran (%)"), _("Grade"), _("Pendampingan aktif")],
        rows=[[r.village.name, r.village.code, r.tenure.user.full_name if r.tenure else "",
               r.tenure.get_status_display() if r.tenure else _("Kosong"), r.due, r.on_time, _pct(r.on_time_rate),
               r.overdue_open, r.attended, r.expected, _pct(r.attendance_rate),
               r.grade.letter if r.grade else "", r.mentoring_active] for r in report.rows],
    )
