from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fokuss import cache


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Pelatihan dan rapat")

    def ready(self) -> None:
        # Any change to a forum's rows moves its data version (fokuss/cache.py).
        cache.watch_app(self, skip=("CertificateRun",))
