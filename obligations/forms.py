from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import DateInput

from .models import Obligation


class _Crispy:
    submit_label = _("Simpan")

    def _helper(self):
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class SubmissionForm(_Crispy, forms.Form):
    submit_label = _("Kirim laporan")
    file = forms.FileField(label=_("Berkas bukti (PDF, JPG atau PNG)"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}))
    reference_number = forms.CharField(label=_("Nomor surat / tanda terima"), max_length=120, required=False,
                                       help_text=_("Isi bila tidak ada berkas, mis. nomor tanda terima kecamatan."))
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        self.helper.form_tag = False


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(choices=[("terima", _("Terima")), ("tolak", _("Tolak"))])
    reason = forms.CharField(label=_("Alasan penolakan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObligationForm(_Crispy, forms.ModelForm):
    reminder_days_text = forms.CharField(label=_("Pengingat (hari sebelum jatuh tempo)"), max_length=100,
                                         help_text=_("Pisahkan dengan koma, mis. 30, 14, 7, 1."))
    reschedule_open = forms.BooleanField(
        label=_("Pindahkan juga tenggat yang belum jatuh tempo dan belum dikirim ke tanggal baru"), required=False,
        help_text=_("Tenggat yang sudah lewat atau sudah dikirim tidak pernah diubah."))

    class Meta:
        model = Obligation
        fields = ["name", "short_name", "legal_basis", "due_rule", "submitted_to", "evidence", "notes", "approximate", "active"]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 2}), "evidence": forms.Textarea(attrs={"rows": 2}),
                   "notes": forms.Textarea(attrs={"rows": 2}), "due_rule": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reminder_days_text"].initial = ", ".join(str(d) for d in self.instance.reminder_days or [])
        self._helper()

    def clean_reminder_days_text(self):
        raw = self.cleaned_data["reminder_days_text"]
        parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Hari pengingat harus berupa angka, mis. 30, 14, 7, 1."))
        return [int(p) for p in parts]


class GenerateForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


class TermEventForm(_Crispy, forms.Form):
    submit_label = _("Catat pelantikan")
    village = forms.ModelChoiceField(label=_("Desa"), queryset=None)
    occurred_on = forms.DateField(label=_("Tanggal pelantikan kepala desa"), widget=DateInput())
    note = forms.CharField(label=_("Keterangan"), max_length=300, required=False,
                           help_text=_("mis. nama kepala desa dan nomor SK pengangkatan"))

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self._helper()
