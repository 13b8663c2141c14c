from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AccessLog
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
