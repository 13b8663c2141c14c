from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("tandai-dibaca/", views.mark_read, name="mark_read"),
    path("lonceng/", views.bell, name="bell"),
    path("preferensi/", views.preferences, name="preferences"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("pengiriman/", views.deliveries, name="deliveries"),
    path("pengiriman/<id:pk>/kirim-ulang/", views.delivery_resend, name="delivery_resend"),
]
