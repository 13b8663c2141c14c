"""Included at the root: the capacity report lives under /laporan/, the person profile keeps the
address it had when it was a competency page."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("laporan/kapasitas/", views.capacity, name="capacity"),
    path("laporan/kapasitas/<int:year>.pdf", views.capacity_pdf, name="capacity_pdf"),
    path("kompetensi/orang/<int:person_id>/", views.person_profile, name="person_profile"),
]
