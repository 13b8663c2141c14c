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


def minutes_archive_table(minutes, *, pdf_url) -> Table:
    """The archive of final minutes: one row per meeting, with the address of its PDF
    (``pdf_url(minutes)``, absolute)."""
    from .selectors import local_date, minutes_document_of

    rows = []
    for m in minutes:
        document = minutes_document_of(m)
        rows.append([local_date(m.event.starts_at), m.event.get_kind_display(), m.event.title,
                     m.number or (document.number if document else ""), m.revision,
                     m.chair.full_name if m.chair else "", m.notulis.full_name if m.notulis else "",
                     m.finalised_at, pdf_url(m) if document else ""])
    return Table(headers=[_("Tanggal"), _("Jenis kegiatan"), _("Kegiatan"), _("Nomor notulen"), _("Revisi"),
                          _("Pimpinan rapat"), _("Notulis"), _("Difinalkan"), _("PDF")], rows=rows)
