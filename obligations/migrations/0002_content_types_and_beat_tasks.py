"""Rows that name the old app follow the models to obligations:

- content types reports.<model> -> obligations.<model>, so permissions, admin log entries and
  anything else pointing at a content type keep working (the rows are renamed, not recreated);
- django-celery-beat periodic tasks whose task is reports.tasks.<name> -> obligations.tasks.<name>.
"""

from django.db import migrations
from django.utils import timezone

MODELS = ["obligation", "termevent", "deadline", "submission",
          "historicalobligation", "historicaltermevent", "historicalsubmission"]


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=new, model__in=MODELS).values_list("model", flat=True))
    ContentType.objects.filter(app_label=old, model__in=set(MODELS) - taken).update(app_label=new)
    ContentType.objects.clear_cache()
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for task in PeriodicTask.objects.filter(task__startswith=f"{old}.tasks."):
        task.task = f"{new}.tasks." + task.task.removeprefix(f"{old}.tasks.")
        task.save(update_fields=["task"])
    if PeriodicTask.objects.exists():
        PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
        # the beat scheduler reloads its schedule when this marker changes
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def forwards(apps, schema_editor):
    _relabel(apps, "reports", "obligations")


def backwards(apps, schema_editor):
    _relabel(apps, "obligations", "reports")


class Migration(migrations.Migration):
    dependencies = [
        ("obligations", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("reports", "0002_beat_schedule"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
