"""Celery tasks of trainings: they take primary keys and call a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def certificates_generate(run_id: int) -> dict:
    """Bulk certificates of one event (a CertificateRun row shows the progress to the board)."""
    run = services.certificate_run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status, "done": run.done, "total": run.total}
