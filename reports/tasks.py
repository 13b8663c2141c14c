"""Celery tasks of reports: they take primary keys and call a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def capacity_report_render(report_id: int) -> dict:
    """Render and store the issued capacity report; the page polls the report's status."""
    try:
        report = services.capacity_report_render(report_id=report_id)
    except Exception as exc:  # recorded for the board, then re-raised for the worker's log
        services.capacity_report_fail(report_id=report_id, error=str(exc))
        raise
    return {"report": report.pk, "status": report.status}


@shared_task(acks_late=True)
def report_file_render(file_id: int) -> dict:
    """Render and store a report PDF asked for on a page (roll-up, capacity draft); the page polls
    its progress."""
    try:
        report = services.report_file_render(file_id=file_id)
    except Exception as exc:  # recorded for the person who asked, then re-raised for the worker's log
        services.report_file_fail(file_id=file_id, error=str(exc))
        raise
    return {"file": file_id, "status": report.status if report else None}
