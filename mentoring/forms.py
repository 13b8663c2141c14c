from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competency.models import Level
from members.forms import DateInput

from .models import MentoringPlan, MentoringSession, Stage

NEXT_STEP_ROWS = 3


class _CrispyForm(forms.Form):
    submit_label = _("Simpan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PlanForm(_CrispyForm):
    mentees = forms.ModelMultipleChoiceField(
        label=_("Mentee"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=_("Pilih beberapa untuk pendampingan kelompok (satu mentor, beberapa mentee)."))
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None)
    competency = forms.ModelChoiceField(label=_("Kompetensi"), queryset=None)
    goal = forms.CharField(label=_("Tujuan"), widget=forms.Textarea(attrs={"rows": 3}))
    target_level = forms.TypedChoiceField(label=_("Tingkat sasaran"), coerce=int, initial=3,
                                          choices=[(v, f"{v} · {label}") for v, label in Level.choices if v >= 2])

    def __init__(self, *args, mentees, mentors, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentees"].queryset = mentees
        self.fields["mentor"].queryset = mentors
        self.fields["competency"].queryset = competencies


class StageForm(forms.Form):
    to_stage = forms.TypedChoiceField(label=_("Ke tahap"), choices=Stage.choices, coerce=int)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(_CrispyForm):
    status = forms.ChoiceField(label=_("Hasil"), widget=forms.RadioSelect, choices=[
        (MentoringPlan.Status.SELESAI, _("Selesai (dengan penilaian ulang)")),
        (MentoringPlan.Status.DIHENTIKAN, _("Dihentikan")),
    ], initial=MentoringPlan.Status.SELESAI)
    after_level = forms.TypedChoiceField(label=_("Penilaian ulang: tingkat sekarang"), coerce=int, required=False,
                                         empty_value=None,
                                         choices=[("", "—")] + [(v, f"{v} · {label}") for v, label in Level.choices])
    note = forms.CharField(label=_("Catatan (wajib bila dihentikan)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class _NextStepsMixin:
    """Up to three next steps: title, owner (mentor or a mentee), due date."""

    def add_next_steps(self, owners):
        for i in range(NEXT_STEP_ROWS):
            self.fields[f"step_{i}_title"] = forms.CharField(label=_("Tindak lanjut"), required=False, max_length=300)
            self.fields[f"step_{i}_owner"] = forms.TypedChoiceField(label=_("Penanggung jawab"), coerce=int,
                                                                    required=False, empty_value=None,
                                                                    choices=[("", "—")] + owners)
            self.fields[f"step_{i}_due"] = forms.DateField(label=_("Batas waktu"), required=False, widget=DateInput())

    def step_rows(self):
        return [(self[f"step_{i}_title"], self[f"step_{i}_owner"], self[f"step_{i}_due"]) for i in range(NEXT_STEP_ROWS)]

    def next_steps(self):
        from .services import NextStep

        steps = []
        for i in range(NEXT_STEP_ROWS):
            title = (self.cleaned_data.get(f"step_{i}_title") or "").strip()
            if not title:
                continue
            owner = self.cleaned_data.get(f"step_{i}_owner")
            if owner is None:
                self.add_error(f"step_{i}_owner", _("Pilih penanggung jawab."))
                continue
            steps.append(NextStep(title=title, owner_id=owner, due_on=self.cleaned_data.get(f"step_{i}_due")))
        return steps


class SessionForm(_NextStepsMixin, _CrispyForm):
    held_on = forms.DateField(label=_("Tanggal"), widget=DateInput(), initial=timezone.localdate)
    mode = forms.ChoiceField(label=_("Cara"), choices=MentoringSession.Mode.choices)
    duration_minutes = forms.IntegerField(label=_("Durasi (menit)"), min_value=1, max_value=600, initial=60)
    topic = forms.CharField(label=_("Topik"), max_length=200)
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    group = forms.ModelMultipleChoiceField(label=_("Sesi kelompok: juga untuk rencana ini"), required=False,
                                           queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, owners, group_plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = group_plans
        self.fields["group"].label_from_instance = lambda p: f"{p.mentee.full_name} · {p.competency.code}"
        if not group_plans.exists():
            del self.fields["group"]
        self.add_next_steps(owners)


class ImportForm(_NextStepsMixin, _CrispyForm):
    chat_file = forms.FileField(label=_("Berkas ekspor chat WhatsApp (.txt)"),
                                help_text=_("Di WhatsApp: buka chat › Lainnya › Ekspor chat › Tanpa media."))
    start = forms.DateField(label=_("Dari tanggal"), widget=DateInput())
    end = forms.DateField(label=_("Sampai tanggal"), widget=DateInput(), initial=timezone.localdate)
    topic = forms.CharField(label=_("Topik"), max_length=200)
    duration_minutes = forms.IntegerField(label=_("Durasi (menit)"), min_value=1, max_value=600, initial=30)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_next_steps(owners)
