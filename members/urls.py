from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("anggota/", views.directory, name="directory"),
    path("anggota/undang/", views.invite, name="invite"),
    # the village page itself (/desa/<code>/) is reports:village_profile: it reads every app
    path("desa/<str:code>/ganti-sekretaris/", views.village_replace_secretary, name="village_replace_secretary"),
    path("undangan/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("profil/", views.profile, name="profile"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("forum/pilih/", views.switch_forum, name="switch_forum"),
]
