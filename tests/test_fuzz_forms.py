"""Fuzz every form of the project through the view that uses it.

Every Form/ModelForm class in the apps' forms modules has an entry in FORMS: the URL that posts
it (its arguments and an allowed role come from the access matrix) and, for a form that needs
constructor arguments, a builder of those arguments from the world. Field values are drawn with
``hypothesis.extra.django.from_form``, each field either valid for its type or nasty (NaN,
infinity, 20-digit numbers, year 1 and 9999 dates, NUL, long and unicode text, ids of forum B).
Property: no 5xx, and a POST not answered with a redirect leaves every table as it was.
Run with ``-s`` to see the inventory (forms, fields and examples per form).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import ResolutionFailed
from hypothesis.extra.django import from_field, from_form

from fokuss.discovery import app_modules
from tests.fuzzing import (
    EXAMPLES,
    FUZZ_SETTINGS,
    NASTY,
    allowed_case,
    fuzz_request,
    fuzz_world,
    other_forum_ids,
    plain,
)


def _competencies(w):
    from competency.models import Framework
    return Framework.current(forum=w.forum_a).competencies.all()


def _people(w):
    from members.selectors import forum_people
    return forum_people(forum=w.forum_a, day=timezone.localdate())


def _plan_choices(w):
    from mentoring.selectors import plan_choices
    c = plan_choices(forum=w.forum_a, day=timezone.localdate())
    return {"mentees": c.mentees, "mentors": c.mentors, "competencies": c.competencies}


def _owners(w):
    return [(w.plan_a.mentor_id, "mentor"), (w.plan_a.mentee_id, "mentee")]


@dataclass(frozen=True)
class Entry:
    url_name: str
    kwargs: Callable = field(default=lambda w: {})  # constructor arguments of the form
    role: str | None = None  # who posts it (default: the first role of forum A the matrix allows)


FORMS: dict[str, Entry] = {
    "competency.forms.SelfAssessmentForm": Entry("competency:self_assess", lambda w: {"competencies": _competencies(w)}),
    "competency.forms.AssessmentForm": Entry("competency:assess", lambda w: {
        "competencies": _competencies(w), "methods": ["board", "peer", "pendamping"], "can_validate": True}),
    "competency.forms.ValidateForm": Entry("competency:validate", lambda w: {
        "assessments": list(w.assessment_a.__class__.objects.filter(forum=w.forum_a))}),
    "competency.forms.RoundForm": Entry("competency:round_create"),
    "competency.forms.CompetencyEditForm": Entry("competency:competency_edit"),
    "members.forms.InviteForm": Entry("members:invite", lambda w: {
        "villages": __import__("members.selectors", fromlist=["x"]).vacant_villages(forum=w.forum_a)}),
    "members.forms.ReplaceSecretaryForm": Entry("members:village_replace_secretary"),
    "members.forms.ProfileForm": Entry("members:profile"),
    "members.forms.LoginForm": Entry("account_login", lambda w: {"request": None}, role="anonymous"),
    "members.forms.SetPasswordForm": Entry("members:invitation_accept"),
    "mentoring.forms.PlanForm": Entry("mentoring:plan_create", _plan_choices),
    "mentoring.forms.StageForm": Entry("mentoring:stage_change"),
    "mentoring.forms.CloseForm": Entry("mentoring:plan_close"),
    "mentoring.forms.SessionForm": Entry("mentoring:session_create", lambda w: {"owners": _owners(w),
                                                                                "group_plans": w.plan_a.__class__.objects.none()}),
    "mentoring.forms.ImportForm": Entry("mentoring:session_import", lambda w: {"owners": _owners(w)}),
    "notifications.forms.PreferenceForm": Entry("notifications:preferences"),
    "obligations.forms.SubmissionForm": Entry("obligations:deadline_submit"),
    "obligations.forms.VerifyForm": Entry("obligations:submission_verify"),
    "obligations.forms.ObligationForm": Entry("obligations:obligation_edit", lambda w: {"instance": w.obligation_a}),
    "obligations.forms.GenerateForm": Entry("obligations:generate"),
    "obligations.forms.TermEventForm": Entry("obligations:term_event", lambda w: {
        "villages": __import__("members.selectors", fromlist=["x"]).forum_villages(forum=w.forum_a)}),
    "trainings.forms.EventForm": Entry("trainings:event_create", lambda w: {"forum": w.forum_a}),
    "trainings.forms.RsvpForm": Entry("trainings:rsvp"),
    "trainings.forms.SpeakerForm": Entry("trainings:speaker_add", lambda w: {"users": _people(w)}),
    "trainings.forms.MaterialForm": Entry("trainings:material_upload"),
    "trainings.forms.MarkForm": Entry("trainings:attendance"),
    "trainings.forms.ScoresForm": Entry("trainings:scores"),
    "trainings.forms.MinutesHeadForm": Entry("trainings:minutes_edit", lambda w: {"users": _people(w)}),
    "trainings.forms.AgendaItemForm": Entry("trainings:minutes_edit"),
    "trainings.forms.FollowUpForm": Entry("trainings:minutes_edit", lambda w: {"users": _people(w),
                                                                         "items": [("1", "1. Pembukaan")]}),
    "trainings.forms.CorrectionForm": Entry("trainings:minutes_correct"),
    "trainings.forms.FeedbackForm": Entry("trainings:feedback"),
    "privacy.forms.WhatsappVisibilityForm": Entry("privacy:whatsapp_visibility"),
    "privacy.forms.ErasureRequestForm": Entry("privacy:erasure_request"),
    "reports.forms.NarrativeForm": Entry("reports:capacity_save"),
}


def project_forms() -> dict[str, type[forms.BaseForm]]:
    """Every concrete Form/ModelForm class defined in the apps' forms modules (every installed
    app of the project with a forms module; fokuss.forms holds only helpers)."""
    found = {}
    for _app, module in app_modules("forms"):
        if "site-packages" in (module.__file__ or ""):  # Django's, allauth's: not the project's
            continue
        module_name = module.__name__
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module_name
                    and not name.startswith("_") and obj.base_fields is not None):
                found[f"{module_name}.{name}"] = obj
    return found


def test_every_form_has_a_fuzz_entry():
    found = set(project_forms())
    assert found - set(FORMS) == set(), "forms without a fuzz entry in tests/test_fuzz_forms.py"
    assert set(FORMS) - found == set(), "fuzz entries for forms that no longer exist"


def form_strategy(form_class, form_kwargs: dict, other_ids: list[str]):
    """from_form with each field either valid for its type or nasty; file fields as generated."""
    unbound = form_class(**form_kwargs)
    nasty = st.one_of(NASTY, st.sampled_from(other_ids))
    overrides = {}
    for name, f in unbound.fields.items():
        if isinstance(f, (forms.FileField, forms.MultiValueField)) or f.disabled:
            continue
        try:
            valid = from_field(f)
        except ResolutionFailed:
            valid = nasty
        overrides[name] = st.one_of(valid, nasty, st.lists(nasty, max_size=3)) if isinstance(
            f, forms.MultipleChoiceField | forms.ModelMultipleChoiceField) else st.one_of(valid, nasty)
    return from_form(form_class, form_kwargs=form_kwargs, **overrides), len(unbound.fields)


def fuzz_one_form(form_name: str, world, client) -> str:
    entry = FORMS[form_name]
    form_class = project_forms()[form_name]
    found = allowed_case(entry.url_name, world, "post") or allowed_case(entry.url_name, world)
    assert found, f"no role of forum A may use {entry.url_name}"
    case, role, url_kwargs = found
    role = entry.role or role
    url = reverse(entry.url_name, kwargs=url_kwargs)
    user = world.users[role]
    strategy, n_fields = form_strategy(form_class, entry.kwargs(world), other_forum_ids(world))

    @FUZZ_SETTINGS
    @given(form=strategy)
    def post(form):
        data = {k: plain(v) for k, v in form.data.items()}
        data.update({k: v for k, v in form.files.items() if v is not None})
        fuzz_request(client, user, "post", url, data)

    post()
    return f"{form_name}: {n_fields} fields, {EXAMPLES} examples, POST {entry.url_name} as {role}"


def test_fuzz_every_form(db, client):
    """One world for all forms (building it takes seconds); every form is fuzzed even when an
    earlier one fails, and the failures are reported together."""
    world = fuzz_world(db)
    done, failures = [], []
    for form_name in sorted(FORMS):
        try:
            done.append(fuzz_one_form(form_name, world, client))
        except Exception as exc:  # noqa: BLE001 - collect every form's failure, then fail once
            failures.append(f"{form_name}: {type(exc).__name__}: {str(exc)[:1500]}")
    fields = sum(int(line.split(": ")[1].split()[0]) for line in done)
    print(f"\nfuzzed {len(done)} forms ({fields} fields), {EXAMPLES} examples per form:\n  " + "\n  ".join(done))
    assert not failures, "\n\n".join(failures)
