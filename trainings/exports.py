"""Export tables of the trainings pages (fokuss.exports), built from the page's own selector
output so the file shows the page's numbers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fokuss.exports import Table


def _pct(value: float | None) -> int | str:
    return "" if value is None else round(value)


def attendance_table(people, villages) -> Table:
    """The recap's two tabs one under the other: per secretary, then per village."""
    rows = []
    for kind, group in ((_("Sekretaris"), people), (_("Desa"), villages)):
        rows += [[kind, r.label, r.sub, r.hadir, r.izin, r.sakit, r.alpa, _pct(r.rate), _pct(r.rate_unexcused)]
                 for r in group]
    return Table(headers=[_("Jenis"), _("Nama"), _("Keterangan"), _("Hadir"), _("Izin"), _("Sakit"), _("Alpa"),
                          _("Kehadiran (%)"), _("Tanpa izin (%)")], rows=rows)
