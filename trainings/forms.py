from crispy_forms.helper import FormHelper
from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from competency.models import Competency, Framework
from members.selectors import forum_villages

from .models import Attendance, Event, Registration

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class EventForm(_Form):
    kind = forms.ChoiceField(label=_("Jenis kegiatan"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(label=_("Keterangan / tujuan"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    starts_at = forms.DateTimeField(label=_("Mulai (WIB)"), widget=DT, input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label=_("Selesai (WIB)"), widget=DT, input_formats=["%Y-%m-%dT%H:%M"])
    venue = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    map_url = forms.URLField(label=_("Tautan peta (Google Maps)"), required=False, assume_scheme="https")
    online_url = forms.URLField(label=_("Tautan daring (Zoom/Meet)"), required=False, assume_scheme="https")
    competencies = forms.ModelMultipleChoiceField(label=_("Kompetensi sasaran"), queryset=None, required=False,
                                                  widget=forms.SelectMultiple(attrs={"size": 6}))
    audience = forms.ChoiceField(label=_("Peserta"), choices=Event.Audience.choices, widget=forms.RadioSelect)
    audience_villages = forms.ModelMultipleChoiceField(label=_("Desa peserta (bila desa terpilih)"), queryset=None,
                                                       required=False, widget=forms.CheckboxSelectMultiple)
    audience_competency = forms.ChoiceField(label=_("Kompetensi yang kurang (bila sasaran kesenjangan)"),
                                            required=False)
    capacity = forms.IntegerField(label=_("Kapasitas"), required=False, min_value=0,
                                  help_text=_("Kosongkan bila tidak dibatasi; peserta berikutnya masuk daftar tunggu."))
    registration_deadline = forms.DateTimeField(label=_("Batas konfirmasi (WIB)"), widget=DT, required=False,
                                                input_formats=["%Y-%m-%dT%H:%M"])
    hours = forms.DecimalField(label=_("Jam pelajaran (untuk sertifikat)"), required=False, max_digits=5,
                               decimal_places=1)
    agenda = forms.CharField(label=_("Susunan acara"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("Satu mata acara per baris."))
    invitation_subject = forms.CharField(label=_("Hal surat undangan"), max_length=200, required=False)

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        framework = Framework.current(forum=forum)
        competencies = Competency.objects.filter(framework=framework) if framework else Competency.objects.none()
        self.fields["competencies"].queryset = competencies
        self.fields["audience_competency"].choices = [("", "—")] + [(c.code, f"{c.code} {c.name}")
                                                                    for c in competencies]
        self.fields["audience_villages"].queryset = forum_villages(forum=forum)


class RsvpForm(_Form):
    response = forms.ChoiceField(label=_("Jawaban"), widget=forms.RadioSelect, choices=[
        (Registration.Response.HADIR, _("Hadir")), (Registration.Response.IZIN, _("Izin")),
        (Registration.Response.TIDAK_HADIR, _("Tidak hadir"))])
    reason = forms.CharField(label=_("Alasan (wajib bila izin)"), max_length=300, required=False)


class SpeakerForm(_Form):
    user = forms.ModelChoiceField(label=_("Anggota forum"), queryset=None, required=False)
    name = forms.CharField(label=_("atau nama narasumber dari luar"), max_length=150, required=False)
    institution = forms.CharField(label=_("Instansi"), max_length=200, required=False)
    topic = forms.CharField(label=_("Materi"), max_length=200, required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class MaterialForm(_Form):
    title = forms.CharField(label=_("Judul materi"), max_length=200)
    file = forms.FileField(label=_("Berkas (PDF, gambar, Word/Excel/PowerPoint)"))


class MarkForm(forms.Form):
    person = forms.IntegerField()
    status = forms.ChoiceField(choices=Attendance.Status.choices)
    note = forms.CharField(max_length=200, required=False)


class ScoresForm(forms.Form):
    attendance = forms.IntegerField()
    pre_score = forms.CharField(max_length=10, required=False)
    post_score = forms.CharField(max_length=10, required=False)


class PersonChoiceField(forms.ChoiceField):
    """A choice among people read once for the whole page and handed to every form: a
    ModelChoiceField would read its queryset again in each form of a formset (one query per
    follow-up row) and look the chosen person up again when cleaning. Cleans to the User."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=(), **kwargs)
        self.people: dict = {}

    def set_people(self, people) -> None:
        self.people = {str(p.pk): p for p in people}
        self.choices = [("", "---------"), *((pk, str(p)) for pk, p in self.people.items())]

    def clean(self, value):
        value = super().clean(value)
        return None if value in self.empty_values else self.people[str(value)]


class MinutesHeadForm(_Form):
    chair = PersonChoiceField(label=_("Pimpinan rapat"))
    notulis = PersonChoiceField(label=_("Notulis"))
    opening = forms.CharField(label=_("Pembukaan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    closing = forms.CharField(label=_("Penutup"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].set_people(users)
        self.fields["notulis"].set_people(users)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Mata acara"), max_length=300, required=False)
    discussion = forms.CharField(label=_("Pembahasan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.CharField(label=_("Keputusan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(forms.Form):
    """One follow-up; ``item`` is chosen among the agenda items of the same page (their numbers,
    labelled with their titles as typed, saved or not)."""

    item = forms.TypedChoiceField(label=_("Mata acara"), coerce=int, required=False, empty_value=None)
    what = forms.CharField(label=_("Tindak lanjut"), max_length=300, required=False)
    owner = PersonChoiceField(label=_("Penanggung jawab"), required=False)
    due_on = forms.DateField(label=_("Batas waktu"), required=False, widget=DATE)

    def __init__(self, *args, users=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].set_people(users)
        self.fields["item"].choices = list(items)


def agenda_item_choices(items_fs) -> list[tuple[str, str]]:
    """The agenda items of a (bound or unbound) formset as choices for the follow-ups: "1. Title"."""
    choices = []
    for number, form in enumerate(items_fs.forms, start=1):
        title = str(form["title"].value() or "").strip()
        label = f"{number}. {title}" if title else _("%(n)d. (mata acara belum berjudul)") % {"n": number}
        choices.append((str(number), label[:80]))
    return choices


# Rows are added on the page ("Tambah mata acara" / "Tambah tindak lanjut"), without saving first.
AgendaItemFormSet = formset_factory(AgendaItemForm, extra=0, max_num=30)
FollowUpFormSet = formset_factory(FollowUpForm, extra=1, max_num=60)


class CorrectionForm(_Form):
    correction_note = forms.CharField(label=_("Alasan koreksi"), max_length=300)


class FeedbackForm(_Form):
    rating = forms.TypedChoiceField(label=_("Penilaian"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(i, "★" * i) for i in range(5, 0, -1)])
    comments = forms.CharField(label=_("Komentar dan saran"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
