"""View decorators: login + a current forum, with the policy check done inside the view."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render


def forum_required(view):
    """The user must be signed in and belong to at least one forum (or be an admin with a
    forum in the database). Others see a page explaining why, with status 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.forum is None:
            return render(request, "no_forum.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
