from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _


class NarrativeForm(forms.Form):
    """The parts of the capacity report the board writes before issuing it."""

    hambatan = forms.CharField(label=_("Hambatan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                               required=False)
    simpulan = forms.CharField(label=_("Simpulan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                               required=False)
    saran = forms.CharField(label=_("Saran"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                            required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
