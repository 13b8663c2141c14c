from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("data-pribadi/", views.my_data, name="my_data"),
    path("data-pribadi/unduh.json", views.export, {"fmt": "json"}, name="export_json"),
    path("data-pribadi/unduh.zip", views.export, {"fmt": "zip"}, name="export_zip"),
    path("data-pribadi/whatsapp/", views.whatsapp_visibility, name="whatsapp_visibility"),
    path("data-pribadi/hapus/", views.erasure_request, name="erasure_request"),
    path("kebijakan-privasi/", views.notice, name="notice"),
]
