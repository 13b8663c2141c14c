from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from fokuss.cache import forum_versions_bump

from .models import AccessLog, User
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
    if created or raw or (update_fields and set(update_fields) <= _UNSHOWN_USER_FIELDS):
        return
    forum_versions_bump(forum_ids_of_user(user=instance))
