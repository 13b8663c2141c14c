"""Celery tasks of members: thin wrappers that call services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def purge_access_logs() -> int:
    """Run by beat every night (PeriodicTask "Catatan akses: hapus yang melewati masa simpan")."""
    return services.access_logs_purge()
