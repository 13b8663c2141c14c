from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("saran/", views.suggestions, name="suggestions"),
    path("saran/terima/", views.suggestion_accept, name="suggestion_accept"),
    path("saran/tolak/", views.suggestion_reject, name="suggestion_reject"),
    path("rencana/baru/", views.plan_create, name="plan_create"),
    path("rencana/<id:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana/<id:pk>/tahap/", views.stage_change, name="stage_change"),
    path("rencana/<id:pk>/tutup/", views.plan_close, name="plan_close"),
    path("rencana/<id:pk>/sesi/", views.session_create, name="session_create"),
    path("rencana/<id:pk>/impor-whatsapp/", views.session_import, name="session_import"),
    path("dampak/", views.effect, name="effect"),
]
