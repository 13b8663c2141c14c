"""``{% whatsapp_visible person as shown %}``: may the viewer see this person's WhatsApp number
on this page (the person's own choice, rule "person.whatsapp")? The villages the viewer
facilitates are looked up once per request, so a list of people costs at most one query."""

from __future__ import annotations

from django import template

from fokuss import policy

from ..selectors import facilitated_people_ids, visible_whatsapp

register = template.Library()


@register.simple_tag(takes_context=True)
def whatsapp_visible(context, person) -> bool:
    if person is None or person == "" or not getattr(person, "whatsapp", ""):
        return False
    request = context.get("request")
    actor = context.get("actor") or getattr(request, "actor", policy.ANONYMOUS)
    forum = getattr(request, "forum", None) or context.get("current_forum")
    cache = getattr(request, "_facilitated_people", None) if request is not None else None
    if cache is None:
        cache = facilitated_people_ids(actor)
        if request is not None:
            request._facilitated_people = cache
    return person.pk in visible_whatsapp(actor, [person], forum_id=getattr(forum, "pk", None), facilitated=cache)
