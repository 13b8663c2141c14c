"""Celery tasks of the reminder machinery. They take primary keys and call services; acks_late is
safe because the Delivery row (locked, with its status) makes every send idempotent."""

from celery import shared_task

from . import services


@shared_task(name=services.SEND_DELIVERY, bind=True, acks_late=True, max_retries=None)  # the row counts the attempts
def send_delivery(self, delivery_id: int) -> str:
    """One row (used for retries and resends). The retry countdown is also recorded on the row, so
    a retry lost with the broker is re-enqueued by the sweep."""
    outcome = services.delivery_send(delivery_id=delivery_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(name=services.SEND_DELIVERIES, acks_late=True)
def send_deliveries(delivery_ids: list[int]) -> dict:
    return services.deliveries_send_batch(delivery_ids=list(delivery_ids))


@shared_task(acks_late=True)
def sweep_reminders() -> dict:
    """Run by beat every few minutes (PeriodicTask "Pengingat: sapu semua aplikasi")."""
    result = services.reminders_sweep()
    return {"messages": result.messages, "created": result.created, "requeued": result.requeued,
            "errors": result.errors}


@shared_task(acks_late=True)
def plan_digests() -> int:
    """Run by beat every morning at 07:00 WIB."""
    return services.digests_plan()


@shared_task(name=services.SEND_DIGEST, acks_late=True)
def send_digest(recipient_id: int, channel: str) -> int:
    return services.digest_send(recipient_id=recipient_id, channel=channel)
