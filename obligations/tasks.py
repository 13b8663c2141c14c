from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(acks_late=True)
def generate_deadlines(year: int | None = None) -> int:
    """The yearly job (beat, 1 December and 2 January): deadlines of the coming year (and the
    current one, in case the December run was missed) for every forum. Idempotent."""
    if year is not None:
        return services.deadlines_generate_all(year=year)
    today = timezone.localdate()
    return services.deadlines_generate_all(year=today.year) + services.deadlines_generate_all(year=today.year + 1)
