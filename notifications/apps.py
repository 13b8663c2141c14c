from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fokuss import cache


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifikasi")

    def ready(self) -> None:
        # The bell in the navbar of every cached page (fokuss/page_cache.py) counts these.
        cache.watch_owned(self.get_model("Notification"), owner="recipient_id")
