from django.apps import AppConfig


class FokussConfig(AppConfig):
    name = "fokuss"
    verbose_name = "FOKUSS"
