"""The periodic tasks of the reminder machinery, stored for django-celery-beat's DatabaseScheduler
(visible and editable in the Django admin under "Periodic tasks")."""

from django.db import migrations

SWEEP = "Pengingat: sapu semua aplikasi (setiap 5 menit)"
DIGEST = "Pengingat: ringkasan harian (07.00 WIB)"


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every5, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=SWEEP, defaults={"task": "notifications.tasks.sweep_reminders", "interval": every5, "enabled": True,
                              "description": "Mencari pengingat yang jatuh waktu di semua aplikasi, membuat baris "
                                             "Delivery (sekali saja) dan mengantrekan pengirimannya."})
    seven, _ = CrontabSchedule.objects.get_or_create(minute="0", hour="7", day_of_month="*", month_of_year="*",
                                                     day_of_week="*", timezone="Asia/Jakarta")
    PeriodicTask.objects.get_or_create(
        name=DIGEST, defaults={"task": "notifications.tasks.plan_digests", "crontab": seven, "enabled": True,
                               "description": "Mengirim ringkasan harian bagi pengguna yang memilihnya."})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[SWEEP, DIGEST]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_delivery_digest_delivery_enqueued_at_and_more"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(create, remove)]
