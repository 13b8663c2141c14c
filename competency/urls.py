from django.urls import path

from . import views

app_name = "competency"

urlpatterns = [
    path("", views.heatmap, name="heatmap"),
    path("saya/", views.my_profile, name="my_profile"),
    # orang/<id>/ (the person profile) is served by reports.views.person_profile under the same path.
    path("orang/<id:person_id>/nilai/", views.assess, name="assess"),
    path("orang/<id:person_id>/validasi/", views.validate, name="validate"),
    path("penilaian-diri/", views.self_assess, name="self_assess"),
    path("validasi/", views.validation_queue, name="validation_queue"),
    path("bukti/<id:pk>/", views.evidence_file, name="evidence_file"),
    path("kebutuhan-pelatihan/", views.training_needs, name="needs"),
    path("kerangka/", views.framework, name="framework"),
    path("kerangka/draf/", views.framework_draft, name="framework_draft"),
    path("kerangka/kompetensi/<id:pk>/ubah/", views.competency_edit, name="competency_edit"),
    path("kerangka/<id:pk>/terbitkan/", views.framework_publish, name="framework_publish"),
    path("putaran/baru/", views.round_create, name="round_create"),
]
