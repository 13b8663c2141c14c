from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import (
    converters,  # noqa: F401 - registers <id:...> before the apps' URLconfs load
    views,
)

# One door for signing in: the admin login page redirects to allauth's (rate limits, second
# factor, audit), and the admin's own form never authenticates anyone.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("bahasa/", views.switch_language, name="switch_language"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("members.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("tugas/", include("actions.urls")),
    path("kompetensi/", include("competency.urls")),
    path("pendampingan/", include("mentoring.urls")),
    path("kegiatan/", include("trainings.urls")),
    path("kewajiban/", include("obligations.urls")),
    path("", include("reports.urls")),  # /laporan/kapasitas/..., /kompetensi/orang/<id>/
    path("", include("fokuss.legacy_urls")),  # old /laporan/... obligation addresses -> /kewajiban/...
    path("", include("privacy.urls")),
]

if settings.BENCH_HELLO:  # load benchmark only (bench/load.py); never routed otherwise
    urlpatterns.append(path("bench-hello", views.bench_hello))
