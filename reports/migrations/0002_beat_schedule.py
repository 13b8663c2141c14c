"""The yearly deadline generation as a django-celery-beat periodic task (visible in the admin)."""

from django.db import migrations

NAME = "Tenggat: buat tenggat tahun berjalan dan tahun depan (1-2 Des, 1-2 Jan)"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="1", day_of_month="1,2", month_of_year="1,12",
                                                       day_of_week="*", timezone="Asia/Jakarta")
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": "reports.tasks.generate_deadlines", "crontab": crontab, "enabled": True,
                             "description": "Idempoten: tenggat yang sudah ada tidak diubah."})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
