from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import WhatsappVisibility


class WhatsappVisibilityForm(forms.Form):
    whatsapp_visibility = forms.ChoiceField(label=_("Siapa yang boleh melihat nomor WhatsApp saya"),
                                            choices=WhatsappVisibility.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("privacy:whatsapp_visibility")
        self.helper.add_input(Submit("submit", _("Simpan"), css_class="btn-sm"))


class _PlainSubmit(Submit):
    """A submit button whose colour comes only from css_class (Submit always adds btn-primary)."""

    field_classes = "btn"


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(label=_("Alasan (tidak wajib)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("privacy:erasure_request")
        self.helper.add_input(_PlainSubmit("submit", _("Ajukan penghapusan"), css_class="btn-outline-danger btn-sm"))
