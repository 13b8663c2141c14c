"""The nightly retention job for sign-in and download records, stored for django-celery-beat's
DatabaseScheduler (visible and editable in the Django admin under "Periodic tasks")."""

from django.db import migrations

NAME = "Catatan akses: hapus yang melewati masa simpan (setiap malam 02.30 WIB)"


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="2", day_of_month="*", month_of_year="*",
                                                       day_of_week="*", timezone="Asia/Jakarta")
    PeriodicTask.objects.get_or_create(
        name=NAME, defaults={"task": "members.tasks.purge_access_logs", "crontab": crontab, "enabled": True,
                             "description": "Menghapus catatan masuk dan unduhan yang lebih tua dari "
                                            "ACCESS_LOG_RETENTION_DAYS (bawaan 730 hari)."})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_access_log"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
