from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email", "whatsapp", "digest"]

    whatsapp_consent = forms.BooleanField(
        label=_("Saya setuju menerima pesan pengingat lewat WhatsApp di nomor saya"), required=False,
        help_text=_("Tanpa persetujuan ini portal tidak mengirim pesan WhatsApp kepada Anda (UU No. 27 Tahun 2022 "
                    "tentang Pelindungan Data Pribadi). Persetujuan dapat ditarik kapan saja."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Simpan")))
