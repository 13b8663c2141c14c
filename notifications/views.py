from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services


@login_required
def inbox(request):
    return render(request, "notifications/inbox.html", {"items": selectors.notifications_for(user=request.user)})


@require_POST
@login_required
def mark_read(request):
    raw = request.POST.get("id", "")
    services.notification_mark_read(user=request.user, notification_id=int(raw) if raw.isdigit() else None)
    return redirect("notifications:inbox")
