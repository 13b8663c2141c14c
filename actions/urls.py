from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("<id:pk>/selesai/", views.complete, name="complete"),
]
