from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fokuss.decorators import forum_required
from fokuss.forms import service_message

from . import selectors, services


@forum_required
def my_tasks(request):
    show_done = request.GET.get("selesai") == "1"
    items = selectors.my_action_items(user=request.user, include_done=show_done)
    return render(request, "actions/my_tasks.html", {"items": items, "show_done": show_done})


@require_POST
@forum_required
def complete(request, pk: int):
    item = selectors.action_item_for(request.actor, pk)
    service_message(request, lambda: services.action_item_complete(item=item, user=request.user,
                                                                   note=request.POST.get("note", "")[:2000]),
                    success=_("Tindak lanjut ditandai selesai."))
    return redirect("actions:my_tasks")


