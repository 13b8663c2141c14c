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
    path("<id:pk>/", events.event_detail, name="event_detail"),
    path("<id:pk>/ubah/", events.event_edit, name="event_edit"),
    path("<id:pk>/umumkan/", events.event_publish, name="event_publish"),
    path("<id:pk>/batalkan/", events.event_cancel, name="event_cancel"),
    path("<id:pk>/undangan.pdf", documents.invitation_pdf, name="invitation_pdf"),
    path("<id:pk>/rsvp/", rsvp.rsvp, name="rsvp"),
    path("<id:pk>/narasumber/", events.speaker_add, name="speaker_add"),
    path("narasumber/<id:pk>/hapus/", events.speaker_remove, name="speaker_remove"),
    path("<id:pk>/materi/", events.material_upload, name="material_upload"),
    path("materi/<id:pk>/", events.material_download, name="material_download"),
    path("<id:pk>/presensi/", attendance.attendance, name="attendance"),
    path("<id:pk>/presensi/lengkapi/", attendance.attendance_fill, name="attendance_fill"),
    path("<id:pk>/presensi/nilai/", attendance.scores, name="scores"),
    path("<id:pk>/presensi/qr/", attendance.checkin_display, name="checkin_display"),
    path("<id:pk>/presensi/kode/", attendance.checkin_code, name="checkin_code"),
    path("<id:pk>/hadir/<str:code>/", attendance.checkin, name="checkin"),
    path("<id:pk>/notulen/", minutes.minutes_start, name="minutes_start"),
    path("notulen/<id:pk>/", minutes.minutes_detail, name="minutes_detail"),
    path("notulen/<id:pk>/ubah/", minutes.minutes_edit, name="minutes_edit"),
    path("notulen/<id:pk>/final/", minutes.minutes_finalise, name="minutes_finalise"),
    path("notulen/<id:pk>/koreksi/", minutes.minutes_correct, name="minutes_correct"),
    path("notulen/<id:pk>/pdf/", minutes.minutes_pdf, name="minutes_pdf"),
    path("<id:pk>/sertifikat/", certificates.certificates, name="certificates"),
    path("<id:pk>/sertifikat/progres/", certificates.certificates_progress, name="certificates_progress"),
    path("sertifikat/<id:pk>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path("<id:pk>/umpan-balik/", certificates.feedback, name="feedback"),
]
