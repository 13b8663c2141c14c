from django.urls import path

from . import views

app_name = "obligations"
urlpatterns = [
    path("", views.my_deadlines, name="my_deadlines"),
    path("tenggat/<int:pk>/", views.deadline_detail, name="deadline_detail"),
    path("tenggat/<int:pk>/kirim/", views.deadline_submit, name="deadline_submit"),
    path("penyampaian/<int:pk>/periksa/", views.submission_verify, name="submission_verify"),
    path("penyampaian/<int:pk>/berkas/", views.submission_file, name="submission_file"),
    path("matriks/", views.matrix, name="matrix"),
    path("belum-kirim/", views.missing, name="missing"),
    path("ingatkan/", views.remind, name="remind"),
    path("ketepatan-waktu/", views.on_time, name="on_time"),
    path("kalender/", views.calendar_view, name="calendar"),
    path("kalender/<str:token>.ics", views.ical, name="ical"),
    path("daftar/", views.obligations, name="obligations"),
    path("daftar/<int:pk>/ubah/", views.obligation_edit, name="obligation_edit"),
    path("daftar/buat-tenggat/", views.generate, name="generate"),
    path("pelantikan/", views.term_event, name="term_event"),
]
