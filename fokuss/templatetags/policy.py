"""``{% can "<action>" obj as allowed %}``: templates ask the policy, per object and forum,
instead of reading role flags (``actor.is_board`` is true for a board member of *any* forum)."""

from __future__ import annotations

from django import template

from fokuss import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj) -> bool:
    actor = context.get("actor")
    if actor is None:
        request = context.get("request")
        actor = getattr(request, "actor", policy.ANONYMOUS)
    if obj is None or obj == "":
        return False
    return policy.can(actor, action, obj)
