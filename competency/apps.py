from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fokuss import cache


class CompetencyConfig(AppConfig):
    name = "competency"
    verbose_name = _("Kompetensi")

    def ready(self) -> None:
        # Any change to a forum's rows moves its data version (fokuss/cache.py).
        cache.watch_app(self)
