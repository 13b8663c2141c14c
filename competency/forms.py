from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms import DateInput

from .models import Assessment, Competency, Level

LEVEL_CHOICES = [(v, f"{v} · {label}") for v, label in Level.choices]


class _CrispyForm(forms.Form):
    submit_label = _("Simpan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class SelfAssessmentForm(forms.Form):
    """One level (radio) and an optional evidence note per competency shown (all of them, or the
    one of a step). Nothing is required here: answers are kept in a draft and the service names
    the competencies still missing when the person sends the assessment (no browser popup)."""

    use_required_attribute = False

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        for c in competencies:
            self.fields[f"level_{c.code}"] = forms.TypedChoiceField(
                label=c.name, choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect, required=False,
                empty_value=None, error_messages={"invalid_choice": _("Pilih tingkat 1 sampai 4.")})
            self.fields[f"note_{c.code}"] = forms.CharField(
                label=_("Bukti / catatan (opsional)"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self):
        return [(c, self[f"level_{c.code}"], self[f"note_{c.code}"]) for c in self.competencies]

    def levels(self) -> dict[str, int]:
        """The levels chosen in this post (competencies left empty are not included)."""
        return {c.code: self.cleaned_data[f"level_{c.code}"] for c in self.competencies
                if self.cleaned_data.get(f"level_{c.code}") is not None}

    def notes(self) -> dict[str, str]:
        """The notes of the competencies whose note box was in this post."""
        return {c.code: self.cleaned_data.get(f"note_{c.code}", "") for c in self.competencies
                if f"note_{c.code}" in self.data}


class AssessmentForm(_CrispyForm):
    submit_label = _("Simpan penilaian")
    competency = forms.ModelChoiceField(label=_("Kompetensi"), queryset=Competency.objects.none())
    level = forms.TypedChoiceField(label=_("Tingkat"), choices=LEVEL_CHOICES, coerce=int)
    method = forms.ChoiceField(label=_("Metode"), choices=[])
    assessed_on = forms.DateField(label=_("Tanggal penilaian"), widget=DateInput(), initial=timezone.localdate)
    evidence_note = forms.CharField(label=_("Catatan bukti"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_file = forms.FileField(label=_("Berkas bukti (PDF/JPG/PNG/Office, opsional)"), required=False)
    validate = forms.BooleanField(label=_("Langsung validasi (pengurus)"), required=False, initial=True)

    def __init__(self, *args, competencies, methods, can_validate: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies
        self.fields["method"].choices = [(m, Assessment.Method(m).label) for m in methods]
        if not can_validate:
            del self.fields["validate"]


class ValidateForm(forms.Form):
    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessments = assessments
        for a in assessments:
            self.fields[f"level_{a.pk}"] = forms.TypedChoiceField(label=a.competency.name, choices=LEVEL_CHOICES,
                                                                  coerce=int, initial=a.level)
        self.fields["note"] = forms.CharField(label=_("Catatan pengurus (bila tingkat diubah)"), required=False,
                                              widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self):
        return [(a, self[f"level_{a.pk}"]) for a in self.assessments]

    def levels(self) -> dict[int, int]:
        return {a.pk: self.cleaned_data[f"level_{a.pk}"] for a in self.assessments}


class RoundForm(_CrispyForm):
    submit_label = _("Buat putaran")
    name = forms.CharField(label=_("Nama putaran"), max_length=200, help_text=_("mis. Pemetaan Agustus 2018"))
    starts_on = forms.DateField(label=_("Mulai"), widget=DateInput())
    ends_on = forms.DateField(label=_("Selesai (opsional)"), widget=DateInput(), required=False)


class CompetencyEditForm(_CrispyForm):
    submit_label = _("Simpan di draf")
    name = forms.CharField(label=_("Nama"), max_length=200)
    group = forms.ChoiceField(label=_("Kelompok"), choices=Competency.Group.choices)
    description = forms.CharField(label=_("Deskripsi"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence = forms.CharField(label=_("Bukti yang dicari (satu per baris)"), widget=forms.Textarea(attrs={"rows": 4}),
                               required=False)
    level_1 = forms.CharField(label=_("Tingkat 1 · Belum mampu"), widget=forms.Textarea(attrs={"rows": 2}))
    level_2 = forms.CharField(label=_("Tingkat 2 · Mampu dengan bimbingan"), widget=forms.Textarea(attrs={"rows": 2}))
    level_3 = forms.CharField(label=_("Tingkat 3 · Mampu mandiri"), widget=forms.Textarea(attrs={"rows": 2}))
    level_4 = forms.CharField(label=_("Tingkat 4 · Mampu mendampingi"), widget=forms.Textarea(attrs={"rows": 2}))
