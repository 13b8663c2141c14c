"""Included at the root: the capacity report lives under /laporan/, the person profile and the
village page keep the addresses they had in competency and members."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("laporan/kapasitas/", views.capacity, name="capacity"),
    path("laporan/kapasitas/<str:period>.pdf", views.capacity_pdf, name="capacity_pdf"),
    path("laporan/kapasitas/<str:period>.xlsx", views.capacity_xlsx, name="capacity_xlsx"),
    path("laporan/kapasitas/<str:period>/uraian/", views.capacity_save, name="capacity_save"),
    path("laporan/kapasitas/<str:period>/terbitkan/", views.capacity_issue, name="capacity_issue"),
    path("laporan/kapasitas/<str:period>/status/", views.capacity_progress, name="capacity_progress"),
    path("laporan/kapasitas/<str:period>/draf/", views.capacity_draft, name="capacity_draft"),
    path("laporan/kapasitas/<str:period>/draf/status/", views.capacity_draft_status, name="capacity_draft_status"),
    path("laporan/kabupaten/", views.kabupaten, name="kabupaten"),
    path("laporan/kabupaten/<id:year>.pdf", views.kabupaten_pdf, name="kabupaten_pdf"),
    path("desa-dampingan/", views.facilitated, name="facilitated"),
    path("laporan/kabupaten/<id:year>/pdf/", views.kabupaten_pdf_request, name="kabupaten_pdf_request"),
    path("laporan/kabupaten/<id:year>/pdf/status/", views.kabupaten_pdf_status, name="kabupaten_pdf_status"),
    path("laporan/berkas/<id:pk>.pdf", views.report_file, name="report_file"),
    path("kompetensi/orang/<id:person_id>/", views.person_profile, name="person_profile"),
    # the village page, at the address it had in members (members:village_detail before)
    path("desa/<str:code>/", views.village_profile, name="village_profile"),
    path("desa/<str:code>/profil.pdf", views.village_profile_pdf, name="village_profile_pdf"),
]
