from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fokuss import cache


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Tindak lanjut")

    def ready(self) -> None:
        # Any change to a forum's rows moves its data version (fokuss/cache.py).
        cache.watch_app(self)
