"""Action items ("tindak lanjut") shared by minutes and mentoring sessions: one model, one
"my tasks" page, one reminder rule."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ActionItem(models.Model):
    forum = models.ForeignKey("members.Forum", on_delete=models.CASCADE, related_name="action_items")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_items",
                              verbose_name=_("penanggung jawab"))
    title = models.CharField(_("tindak lanjut"), max_length=300)
    due_on = models.DateField(_("batas waktu"), null=True, blank=True)
    # Where the item comes from (a minutes agenda item, a mentoring session ...).
    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("asal"), max_length=300, blank=True)
    source_url = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    done_note = models.TextField(_("catatan penyelesaian"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["done_at", "due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_at"]), models.Index(fields=["source_type", "source_id"])]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def person_id(self) -> int:
        return self.owner_id
