"""Writes of reports/: the board's narrative of the capacity report and its issuing (rendered in
Celery, stored once as an official document through trainings.services.forum_document_issue)."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fokuss.cache import forum_version_bump, user_version_bump
from fokuss.pdf import render_pdf
from fokuss.tasks import enqueue_on_commit
from notifications.models import Channel
from notifications.services import Message, deliveries_plan
from trainings.models import IssuedDocument
from trainings.services import forum_document_issue

from . import rollup, selectors
from .models import CapacityReport, ReportFile

RENDER_TASK = "reports.tasks.capacity_report_render"
FILE_TASK = "reports.tasks.report_file_render"
NARRATIVE_FIELDS = ("hambatan", "simpulan", "saran")


def _report_get_or_create(*, forum, period_key: str) -> CapacityReport:
    report, _created = CapacityReport.objects.select_for_update().get_or_create(forum=forum, period_key=period_key)
    return report


def capacity_report_save(*, forum, period: selectors.Period, by, hambatan: str, simpulan: str,
                         saran: str) -> CapacityReport:
    """Save the board's narrative (hambatan, simpulan, saran) of a report not yet issued."""
    with transaction.atomic():
        report = _report_get_or_create(forum=forum, period_key=period.key)
        if report.status in (CapacityReport.Status.ISSUED, CapacityReport.Status.RENDERING):
            raise ValidationError(_("Laporan %(p)s sudah diterbitkan atau sedang dibuat; isinya tidak dapat diubah.")
                                  % {"p": period.label})
        report.hambatan, report.simpulan, report.saran = hambatan.strip(), simpulan.strip(), saran.strip()
        report.updated_by, report.updated_at = by, timezone.now()
        report.save()
        return report


def capacity_report_issue_start(*, forum, period: selectors.Period, by) -> CapacityReport:
    """Ask for the official PDF of the period: the report is marked as being made and the
    rendering runs in Celery (reports.tasks.capacity_report_render). Issuing a period twice is
    refused: an issued report is never silently replaced by another."""
    with transaction.atomic():
        report = _report_get_or_create(forum=forum, period_key=period.key)
        if report.status == CapacityReport.Status.ISSUED:
            raise ValidationError(_("Laporan %(p)s sudah diterbitkan dengan nomor %(n)s.")
                                  % {"p": period.label, "n": report.number})
        if report.status == CapacityReport.Status.RENDERING:
            raise ValidationError(_("Laporan %(p)s sedang dibuat.") % {"p": period.label})
        missing = [str(getattr(CapacityReport._meta.get_field(f), "verbose_name", f))
                   for f in NARRATIVE_FIELDS if not getattr(report, f)]
        if missing:
            raise ValidationError(_("Isi dulu bagian %(f)s sebelum menerbitkan.") % {"f": ", ".join(missing)})
        report.status, report.issued_by, report.error = CapacityReport.Status.RENDERING, by, ""
        report.save(update_fields=["status", "issued_by", "error"])
        enqueue_on_commit(RENDER_TASK, report.pk)
        return report


def capacity_report_render(*, report_id: int, today: datetime.date | None = None) -> CapacityReport:
    """The Celery task's body: compute the figures, render the PDF/A-3b with the XLSX of the
    figures embedded, store it once (number, SHA-256, verification code) and tell the person who
    asked (an in-app notification). Runs once per request: a report not in "rendering" is left alone."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = CapacityReport.objects.select_for_update().select_related("forum__district").get(pk=report_id)
        if report.status != CapacityReport.Status.RENDERING:
            return report
        forum = report.forum
        period = selectors.parse_period(report.period_key, forum=forum, today=today)
        with translation.override("id"):
            figures = selectors.capacity_figures(forum=forum, period=period, today=today)
            xlsx = selectors.capacity_xlsx(figures)

            def render(document: IssuedDocument) -> bytes:
                context = selectors.capacity_document_context(figures=figures, report=report, today=today,
                                                              document=document)
                return render_pdf(
                    template_name="pdf/reports/kapasitas.html", context=context, official=True,
                    title=f"Laporan Perkembangan Kapasitas Sekretaris Desa {period.label}", author=forum.name,
                    subject=f"{forum.short_name} Kecamatan {forum.district.name}, {period.label}",
                    attachments=[(f"angka-laporan-{period.key}.xlsx", xlsx, "Angka laporan")])

            document = forum_document_issue(
                forum=forum, kind=IssuedDocument.Kind.LAPORAN, day=today, render=render,
                filename=f"laporan-kapasitas-{forum.short_name.lower()}-{period.key}.pdf")
        report.document, report.number = document, document.number
        report.status, report.issued_at = CapacityReport.Status.ISSUED, timezone.now()
        try:
            report.save(update_fields=["document", "number", "status", "issued_at"])
        except IntegrityError as exc:  # the document is already another report's: never two
            raise ValidationError(_("Laporan ini sudah diterbitkan.")) from exc
        if report.issued_by_id:
            deliveries_plan(messages=[Message(
                key=f"capacity_report:{report.pk}", slot="terbit", recipient_id=report.issued_by_id,
                subject=_("Laporan kapasitas %(p)s siap") % {"p": period.label},
                body=_("Laporan nomor %(n)s sudah terbit dan dapat diunduh.") % {"n": report.number},
                url=reverse("reports:capacity") + f"?periode={period.key}", forum_id=forum.pk,
                channels=(Channel.INAPP,))])
        return report


def capacity_report_fail(*, report_id: int, error: str) -> None:
    """A rendering that failed: the board sees the reason and may ask again."""
    reports = CapacityReport.objects.filter(pk=report_id)
    if reports.filter(status=CapacityReport.Status.RENDERING).update(status=CapacityReport.Status.FAILED,
                                                                     error=error[:2000]):
        forum_version_bump(reports.values_list("forum_id", flat=True).first())  # update() sends no signals


def village_profile_download_record(*, by, village, secretary=None, path: str = "") -> None:
    """A village profile PDF was downloaded: an entry on the village's audit trail (like a table
    export) and, when it shows someone else's competency levels, a profile view the secretary sees
    on their personal-data page (UU 27/2022)."""
    from members.models import AuditAction
    from members.services import log_action, profile_view_record

    with transaction.atomic():
        log_action(actor=by, action=AuditAction.EXPORT_DOWNLOADED, obj=village, forum_id=village.forum_id,
                   data={"path": path[:300], "format": "pdf"})
        if secretary is not None:
            profile_view_record(viewer=by, person=secretary, forum=village.district.forum)


# Report PDFs made in the background: the kabupaten roll-up, the capacity report's draft ------------

ROLLUP_YEARS = 10  # the roll-up reaches back this many years (reports.views._rollup_year)


def _report_file_request(*, kind: str, forum, key: str, by, scope: str = "") -> ReportFile:
    """A row in "rendering" and the task (reports.tasks.report_file_render) after commit. While
    one is being made for the same person, kind, period and forums, asking again is refused."""
    with transaction.atomic():
        busy = ReportFile.objects.select_for_update().filter(
            kind=kind, requested_by=by, key=key, status=ReportFile.Status.RENDERING,
            **({"scope": scope} if kind == ReportFile.Kind.KABUPATEN else {"forum": forum}))
        if busy.exists():
            raise ValidationError(_("PDF %(key)s sedang dibuat.") % {"key": key})
        report = ReportFile.objects.create(kind=kind, requested_by=by, forum=forum, key=key, scope=scope)
        enqueue_on_commit(FILE_TASK, report.pk)
        return report


def kabupaten_report_request(*, forum, year: int, by, forum_ids, today: datetime.date | None = None) -> ReportFile:
    """Ask for the roll-up of ``year`` over ``forum_ids`` (None: every forum) as a PDF."""
    today = today or timezone.localdate()
    if not today.year - ROLLUP_YEARS <= year <= today.year:
        raise ValidationError(_("Rekap hanya tersedia untuk tahun %(a)s sampai %(b)s.")
                              % {"a": today.year - ROLLUP_YEARS, "b": today.year})
    return _report_file_request(kind=ReportFile.Kind.KABUPATEN, forum=forum, key=str(year), by=by,
                                scope=rollup.scope_key(forum_ids))


def capacity_draft_request(*, forum, period: selectors.Period, by) -> ReportFile:
    """Ask for the draft PDF of the forum's capacity report for the period (marked DRAF, no number)."""
    return _report_file_request(kind=ReportFile.Kind.KAPASITAS, forum=forum, key=period.key, by=by)


def _progress(report: ReportFile, percent: int) -> None:
    ReportFile.objects.filter(pk=report.pk, status=ReportFile.Status.RENDERING).update(progress=percent)
    user_version_bump(report.requested_by_id)  # update() sends no signals: the page shows the progress


def _kabupaten_pdf(report: ReportFile, today: datetime.date) -> tuple[bytes, str, str, str, str]:
    from fokuss.terbilang import tanggal, tanggal_panjang

    year = int(report.key)
    data = rollup.kabupaten_rollup(forum_ids=rollup.scope_forum_ids(report.scope), year=year, today=today)
    _progress(report, 50)
    context = {"rollup": data, "chart": rollup.rollup_chart(data), "keadaan": tanggal_panjang(data.as_of),
               "tanggal_surat": tanggal(today)}
    title = f"Rekap forum sekretaris desa {data.label} {year}"
    pdf = render_pdf(template_name="pdf/reports/kabupaten.html", context=context, title=title,
                     author=f"Kabupaten {data.label}", subject=title, lang="id")
    return (pdf, f"rekap-kabupaten-{year}-{report.pk}.pdf",
            _("PDF rekap kabupaten %(y)s siap") % {"y": year},
            _("Rekap forum sekretaris desa %(k)s tahun %(y)s dapat diunduh.") % {"k": data.label, "y": year},
            reverse("reports:kabupaten") + f"?tahun={year}")


def capacity_draft_render(*, forum, period: selectors.Period, today: datetime.date,
                          on_figures=None) -> bytes:
    """The capacity report of the period as a draft PDF (marked DRAF, no number, in Indonesian):
    what the background task stores (the report's .pdf address leads to it before issuing)."""
    with translation.override("id"):
        figures = selectors.capacity_figures(forum=forum, period=period, today=today)
        if on_figures is not None:
            on_figures()
        context = selectors.capacity_document_context(
            figures=figures, report=selectors.capacity_report_row(forum=forum, period=period), today=today)
        return render_pdf(template_name="pdf/reports/kapasitas.html", context=context,
                          title=f"Draf Laporan Perkembangan Kapasitas Sekretaris Desa {period.label}",
                          author=forum.name, subject=f"{forum.short_name} Kecamatan {forum.district.name}, "
                                                     f"{period.label}", lang="id")


def _capacity_draft_pdf(report: ReportFile, today: datetime.date) -> tuple[bytes, str, str, str, str]:
    forum = report.forum
    period = selectors.parse_period(report.key, forum=forum, today=today)
    pdf = capacity_draft_render(forum=forum, period=period, today=today,
                                on_figures=lambda: _progress(report, 50))
    return (pdf, f"draf-laporan-kapasitas-{forum.short_name.lower()}-{period.key}-{report.pk}.pdf",
            _("PDF laporan kapasitas %(p)s siap") % {"p": period.label},
            _("Draf laporan kapasitas %(p)s dapat diunduh.") % {"p": period.label},
            reverse("reports:capacity") + f"?periode={period.key}")


def report_file_render(*, file_id: int, today: datetime.date | None = None) -> ReportFile | None:
    """The Celery task's body: the figures (progress 25 to 50 %), the PDF (75 %), stored with its
    SHA-256 (100 %), and an in-app notification to the person who asked. A file not in
    "rendering" is left alone (the task runs once per request). Official documents are in Indonesian."""
    today = today or timezone.localdate()
    report = ReportFile.objects.select_related("forum__district").filter(pk=file_id).first()
    if report is None or report.status != ReportFile.Status.RENDERING:
        return report
    _progress(report, 25)
    with translation.override("id"):
        make = _kabupaten_pdf if report.kind == ReportFile.Kind.KABUPATEN else _capacity_draft_pdf
        pdf, filename, subject, body, url = make(report, today)
    _progress(report, 75)
    with transaction.atomic():
        report = ReportFile.objects.select_for_update().get(pk=file_id)
        if report.status != ReportFile.Status.RENDERING:
            return report
        report.sha256 = hashlib.sha256(pdf).hexdigest()
        report.file.save(filename, ContentFile(pdf), save=False)
        report.status, report.progress, report.finished_at = ReportFile.Status.READY, 100, timezone.now()
        report.save(update_fields=["sha256", "file", "status", "progress", "finished_at"])
        deliveries_plan(messages=[Message(
            key=f"report_file:{report.pk}", slot="siap", recipient_id=report.requested_by_id, subject=subject,
            body=body, url=url, forum_id=report.forum_id, channels=(Channel.INAPP,))])
        return report


def report_file_fail(*, file_id: int, error: str) -> None:
    """A rendering that failed: the page says so and the person may ask again."""
    ReportFile.objects.filter(pk=file_id, status=ReportFile.Status.RENDERING).update(
        status=ReportFile.Status.FAILED, error=error[:2000])
    user_version_bump(ReportFile.objects.filter(pk=file_id).values_list("requested_by_id", flat=True).first())
