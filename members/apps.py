from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from fokuss import cache


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Anggota")

    def ready(self) -> None:
        from fokuss import resilient_cache

        from . import signals  # noqa: F401

        # Sign-in keeps working (with local rate limits) when Redis is down.
        resilient_cache.install()
        # Any change to a forum's rows moves its data version (fokuss/cache.py); people: signals.py.
        cache.watch_app(self, skip=("Invitation", "AccessLog"))
