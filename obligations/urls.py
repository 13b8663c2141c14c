from django.urls import path

from . import views

app_name = "obligations"
urlpatterns = [
    path("", views.my_deadlines, name="my_deadlines"),
    path("tenggat/<id:pk>/", views.deadline_detail, name="deadline_detail"),
    path("tenggat/<id:pk>/kirim/", views.deadline_submit, name="deadline_submit"),
    path("penyampaian/<id:pk>/periksa/", views.submission_verify, name="submission_verify"),
    path("penyampaian/<id:pk>/berkas/", views.submission_file, name="submission_file"),
    path("matriks/", views.matrix, name="matrix"),
    path("belum-kirim/", views.missing, name="missing"),
    path("ingatkan/", views.remind, name="remind"),
    path("ketepatan-waktu/", views.on_time, name="on_time"),
    path("kalender/", views.calendar_view, name="calendar"),
    path("kalender/<str:token>.ics", views.ical, name="ical"),
    path("daftar/", views.obligations, name="obligations"),
    path("daftar/<id:pk>/ubah/", views.obligation_edit, name="obligation_edit"),
    path("daftar/buat-tenggat/", views.generate, name="generate"),
    path("pelantikan/", views.term_event, name="term_event"),
]
