"""The obligations moved out of reports/ without copying a row: a database at the last reports
migration before the move, with rows in every table, migrates forward and the rows are there
through the new models; content types, their permissions and the beat task follow."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories as f

BEFORE_MOVE = [("reports", "0003_upload_names")]  # the last reports migration before the move


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_rows_survive_the_move_from_reports():
    forum = f.ForumFactory()
    village = f.VillageFactory(district=forum.district)
    user = f.UserFactory()
    try:
        old = _migrate(BEFORE_MOVE)
        ContentType = old.get_model("contenttypes", "ContentType")
        Permission = old.get_model("auth", "Permission")
        PeriodicTask = old.get_model("django_celery_beat", "PeriodicTask")
        ContentType.objects.filter(app_label="obligations").delete()  # as on a database before the move
        ContentType.objects.filter(app_label="reports").delete()
        ct = ContentType.objects.create(app_label="reports", model="obligation")
        perm = Permission.objects.create(content_type=ct, codename="change_obligation", name="Can change kewajiban")
        every = old.get_model("django_celery_beat", "IntervalSchedule").objects.create(every=1, period="days")
        PeriodicTask.objects.update_or_create(name="Tenggat (sebelum pindah)", defaults={
            "task": "reports.tasks.generate_deadlines", "interval": every})

        Obligation = old.get_model("reports", "Obligation")
        ob = Obligation.objects.create(forum_id=forum.pk, code="lppd", name="LPPD", recurrence="yearly",
                                       due_rule={"month": 3, "day": 31}, reminder_days=[7])
        TermEvent = old.get_model("reports", "TermEvent")
        ev = TermEvent.objects.create(village_id=village.pk, forum_id=forum.pk, occurred_on=datetime.date(2026, 1, 5))
        Deadline = old.get_model("reports", "Deadline")
        dl = Deadline.objects.create(obligation_id=ob.pk, village_id=village.pk, forum_id=forum.pk, period="TA 2025",
                                     year=2026, due_on=datetime.date(2026, 3, 31), term_event_id=ev.pk)
        Submission = old.get_model("reports", "Submission")
        sub = Submission.objects.create(deadline_id=dl.pk, submitted_by_id=user.pk, reference_number="140/1/2026",
                                       original_name="tanda terima.pdf")
        old.get_model("reports", "HistoricalObligation").objects.create(
            id=ob.pk, forum_id=forum.pk, code="lppd", name="LPPD lama", recurrence="yearly", due_rule={},
            reminder_days=[], history_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), history_type="+")
    finally:
        _migrate(_latest())

    from django.contrib.auth.models import Permission as NewPermission
    from django.contrib.contenttypes.models import ContentType as NewContentType
    from django_celery_beat.models import PeriodicTask as NewPeriodicTask

    from obligations.models import Deadline as NewDeadline
    from obligations.models import Obligation as NewObligation
    from obligations.models import Submission as NewSubmission
    from obligations.models import TermEvent as NewTermEvent

    NewContentType.objects.clear_cache()
    deadline = NewDeadline.objects.select_related("obligation", "term_event").get(pk=dl.pk)
    assert deadline.obligation.code == "lppd" and deadline.term_event_id == ev.pk
    moved_sub = NewSubmission.objects.get(pk=sub.pk)
    assert (moved_sub.reference_number, moved_sub.original_name) == ("140/1/2026", "tanda terima.pdf")
    assert NewTermEvent.objects.filter(pk=ev.pk).exists()
    assert list(NewObligation.history.filter(id=ob.pk).values_list("name", flat=True)) == ["LPPD lama"]
    moved = NewContentType.objects.get_for_model(NewObligation)
    assert (moved.pk, moved.app_label) == (ct.pk, "obligations")
    assert NewPermission.objects.get(pk=perm.pk).content_type_id == ct.pk
    assert not NewContentType.objects.filter(app_label="reports", model="obligation").exists()
    tasks = set(NewPeriodicTask.objects.values_list("task", flat=True))
    assert NewPeriodicTask.objects.get(name="Tenggat (sebelum pindah)").task == "obligations.tasks.generate_deadlines"
    assert not any(t.startswith("reports.") for t in tasks)
