from django.urls import path

from .views import attendance, certificates, documents, events, minutes, rsvp

app_name = "trainings"
urlpatterns = [
    path("", events.event_list, name="event_list"),
    path("kalender/", events.calendar_view, name="calendar"),
    path("kalender/<str:token>.ics", events.ical, name="ical"),
    path("baru/", events.event_create, name="event_create"),
    path("rekap-kehadiran/", attendance.attendance_report, name="attendance_report"),
    path("verifikasi/<str:code>/", documents.verify, name="verify"),
    path("<int:pk>/", events.event_detail, name="event_detail"),
    path("<int:pk>/ubah/", events.event_edit, name="event_edit"),
    path("<int:pk>/umumkan/", events.event_publish, name="event_publish"),
    path("<int:pk>/batalkan/", events.event_cancel, name="event_cancel"),
    path("<int:pk>/undangan.pdf", documents.invitation_pdf, name="invitation_pdf"),
    path("<int:pk>/rsvp/", rsvp.rsvp, name="rsvp"),
    path("<int:pk>/narasumber/", events.speaker_add, name="speaker_add"),
    path("narasumber/<int:pk>/hapus/", events.speaker_remove, name="speaker_remove"),
    path("<int:pk>/materi/", events.material_upload, name="material_upload"),
    path("materi/<int:pk>/", events.material_download, name="material_download"),
    path("<int:pk>/presensi/", attendance.attendance, name="attendance"),
    path("<int:pk>/presensi/lengkapi/", attendance.attendance_fill, name="attendance_fill"),
    path("<int:pk>/presensi/nilai/", attendance.scores, name="scores"),
    path("<int:pk>/presensi/qr/", attendance.checkin_display, name="checkin_display"),
    path("<int:pk>/presensi/kode/", attendance.checkin_code, name="checkin_code"),
    path("<int:pk>/hadir/<str:code>/", attendance.checkin, name="checkin"),
    path("<int:pk>/notulen/", minutes.minutes_start, name="minutes_start"),
    path("notulen/<int:pk>/", minutes.minutes_detail, name="minutes_detail"),
    path("notulen/<int:pk>/ubah/", minutes.minutes_edit, name="minutes_edit"),
    path("notulen/<int:pk>/final/", minutes.minutes_finalise, name="minutes_finalise"),
    path("notulen/<int:pk>/koreksi/", minutes.minutes_correct, name="minutes_correct"),
    path("notulen/<int:pk>/pdf/", minutes.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/sertifikat/", certificates.certificates, name="certificates"),
    path("<int:pk>/sertifikat/progres/", certificates.certificates_progress, name="certificates_progress"),
    path("sertifikat/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path("<int:pk>/umpan-balik/", certificates.feedback, name="feedback"),
]
