from django.urls import path

from . import views

app_name = "trainings"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("kalender/", views.calendar_view, name="calendar"),
    path("kalender/<str:token>.ics", views.ical, name="ical"),
    path("baru/", views.event_create, name="event_create"),
    path("rekap-kehadiran/", views.attendance_report, name="attendance_report"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/ubah/", views.event_edit, name="event_edit"),
    path("<int:pk>/umumkan/", views.event_publish, name="event_publish"),
    path("<int:pk>/batalkan/", views.event_cancel, name="event_cancel"),
    path("<int:pk>/undangan.pdf", views.invitation_pdf, name="invitation_pdf"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/narasumber/", views.speaker_add, name="speaker_add"),
    path("narasumber/<int:pk>/hapus/", views.speaker_remove, name="speaker_remove"),
    path("<int:pk>/materi/", views.material_upload, name="material_upload"),
    path("materi/<int:pk>/", views.material_download, name="material_download"),
    path("<int:pk>/presensi/", views.attendance, name="attendance"),
    path("<int:pk>/presensi/lengkapi/", views.attendance_fill, name="attendance_fill"),
    path("<int:pk>/presensi/nilai/", views.scores, name="scores"),
    path("<int:pk>/presensi/qr/", views.checkin_display, name="checkin_display"),
    path("<int:pk>/presensi/kode/", views.checkin_code, name="checkin_code"),
    path("<int:pk>/hadir/<str:code>/", views.checkin, name="checkin"),
    path("<int:pk>/notulen/", views.minutes_start, name="minutes_start"),
    path("notulen/<int:pk>/", views.minutes_detail, name="minutes_detail"),
    path("notulen/<int:pk>/ubah/", views.minutes_edit, name="minutes_edit"),
    path("notulen/<int:pk>/final/", views.minutes_finalise, name="minutes_finalise"),
    path("notulen/<int:pk>/koreksi/", views.minutes_correct, name="minutes_correct"),
    path("notulen/<int:pk>/pdf/", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/sertifikat/", views.certificates, name="certificates"),
    path("<int:pk>/sertifikat/progres/", views.certificates_progress, name="certificates_progress"),
    path("sertifikat/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("<int:pk>/umpan-balik/", views.feedback, name="feedback"),
]
