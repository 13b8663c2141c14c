from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=services.MAX_ATTEMPTS)
def send_delivery(self, delivery_id: int) -> str:
    outcome = services.delivery_send(delivery_id=delivery_id)
    if outcome.eta is not None:
        self.apply_async(args=(delivery_id,), eta=outcome.eta)
    elif outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status
