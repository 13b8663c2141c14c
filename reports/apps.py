from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fokuss import cache


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Laporan")

    def ready(self) -> None:
        # An issued or rendering capacity report shows to the whole forum; a PDF made for one
        # person (ReportFile) only on that person's pages (fokuss/cache.py).
        cache.watch_models([self.get_model("CapacityReport")])
        cache.watch_owned(self.get_model("ReportFile"), owner="requested_by_id")
