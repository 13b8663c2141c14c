from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from fokuss.cache import forum_versions_bump, people_version_bump

from .models import (
    AccessLog,
    BoardPosition,
    District,
    FacilitatorAssignment,
    Forum,
    KabupatenStaff,
    KecamatanStaff,
    Regency,
    SecretaryTenure,
    User,
    Village,
)
from .selectors import forum_ids_of_user
from .services import access_log_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    access_log_record(action=AccessLog.Action.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        access_log_record(action=AccessLog.Action.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    who = str(credentials.get("email") or credentials.get("username") or "")[:200]
    access_log_record(action=AccessLog.Action.LOGIN_FAILED, user=None, request=request, detail=who)


# Fields whose change shows on no forum page: signing in must not empty every forum's cache.
_UNSHOWN_USER_FIELDS = {"last_login", "password"}


@receiver(post_save, sender=User, dispatch_uid="forum-version-user")
def _user_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    """A person's name, contact or status shows on the pages of every forum where they hold a post."""
    if created or (update_fields and set(update_fields) <= _UNSHOWN_USER_FIELDS):
        return
    people_version_bump()  # superuser / staff flags make part of the actor
    if not raw:
        forum_versions_bump(forum_ids_of_user(user=instance))


def _people_changed(sender, **kwargs) -> None:
    people_version_bump()


# Who holds which post, in which forum and region, and whose second factor: the actor and current
# forum of every request are cached under this version (members.selectors.actor_and_forum_cached). Raw saves
# (fixtures, a restored backup) count too. None of these models is changed with QuerySet.update()
# or bulk_create(), which send no signals.
_PEOPLE_MODELS = (SecretaryTenure, BoardPosition, KecamatanStaff, KabupatenStaff, FacilitatorAssignment,
                  Forum, District, Regency, Village)


def connect_people_signals() -> None:
    from allauth.mfa.models import Authenticator

    for model in (*_PEOPLE_MODELS, Authenticator):
        label = model._meta.label
        post_save.connect(_people_changed, sender=model, dispatch_uid=f"people-version-save-{label}")
        post_delete.connect(_people_changed, sender=model, dispatch_uid=f"people-version-delete-{label}")


connect_people_signals()
