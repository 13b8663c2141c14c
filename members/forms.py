from allauth.account.forms import LoginForm as AllauthLoginForm
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SecretaryTenure, User
from .phone import normalize_phone


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class _CrispyForm(forms.Form):
    submit_label = _("Simpan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class InviteForm(_CrispyForm):
    submit_label = _("Kirim undangan")
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    whatsapp = forms.CharField(label=_("Nomor WhatsApp"), max_length=20, required=False,
                               help_text=_("mis. 0812 3456 7890 atau +6281234567890"))
    language = forms.ChoiceField(label=_("Bahasa"), choices=User.Language.choices, initial="id")
    village = forms.ModelChoiceField(
        label=_("Sebagai sekretaris desa"), queryset=None, required=False,
        empty_label=_("— bukan sekretaris desa / diatur kemudian —"),
        help_text=_("Hanya desa yang belum punya sekretaris menjabat. Untuk mengganti sekretaris, buka halaman desanya."),
    )
    status = forms.ChoiceField(label=_("Status jabatan"), choices=SecretaryTenure.Status.choices, required=False)
    started_on = forms.DateField(label=_("Mulai menjabat"), widget=DateInput(), required=False)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages if villages is not None else self.fields["village"].queryset

    def clean(self):
        data = super().clean()
        if data.get("village") and not data.get("started_on"):
            self.add_error("started_on", _("Isi tanggal mulai menjabat."))
        return data


class ReplaceSecretaryForm(_CrispyForm):
    submit_label = _("Ganti sekretaris")
    ended_on = forms.DateField(label=_("Sekretaris lama selesai menjabat pada"), widget=DateInput())
    end_reason = forms.ChoiceField(label=_("Alasan selesai"), choices=SecretaryTenure.EndReason.choices)
    full_name = forms.CharField(label=_("Nama sekretaris baru"), max_length=150, required=False,
                                help_text=_("Wajib bila orangnya belum punya akun."))
    email = forms.EmailField(label=_("Email sekretaris baru"))
    whatsapp = forms.CharField(label=_("Nomor WhatsApp"), max_length=20, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=SecretaryTenure.Status.choices)
    started_on = forms.DateField(label=_("Mulai menjabat"), widget=DateInput())
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100, required=False)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=DateInput(), required=False)


class ProfileForm(_CrispyForm):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    whatsapp = forms.CharField(label=_("Nomor WhatsApp"), max_length=20, required=False,
                               help_text=_("mis. 0812 3456 7890 atau +6281234567890"))
    language = forms.ChoiceField(label=_("Bahasa"), choices=User.Language.choices)
    nip = forms.CharField(label=_("NIP/NIPD"), max_length=30, required=False)

    def clean_whatsapp(self) -> str:
        # People type 0812..., 62812... or +62 812-...; the model stores E.164.
        return normalize_phone(self.cleaned_data.get("whatsapp", ""))


class SetPasswordForm(_CrispyForm):
    submit_label = _("Simpan kata sandi dan masuk")
    password1 = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, min_length=8)
    password2 = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form with the portal's words (docs/glossary.md): "email", "kata sandi",
    "Ingat saya" (allauth's own Indonesian catalog says "e-mail" and "Ingat Saya")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Alamat email")
        self.fields["login"].widget.attrs["placeholder"] = _("nama@contoh.id")
        self.fields["password"].label = _("Kata sandi")
        self.fields["password"].widget.attrs["placeholder"] = _("Kata sandi")
        if "remember" in self.fields:
            self.fields["remember"].label = _("Ingat saya")
