"""``{% forumcache "name" part ... %}...{% endforumcache %}``: a rendered block cached under the
forum's data version (fokuss/cache.py), for the parts of a page that are costly to render and
change only with the forum's rows: the obligations matrix, the heatmap, the report tables.

The key holds the forum's (and the shared) data version, the block's name, the user, the day, the
language and the parts given (a year, a sort order, the query string ...). Any write to the forum
moves the version, so the next request renders afresh; there is no timeout to wait for.

What may go inside: markup that depends on nothing but those. Never a form with
``{% csrf_token %}``, flash messages, the time of day or another forum's rows (those belong outside
the block). Without a forum (``request.forum`` is None) the block is rendered every time.
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from fokuss.cache import forum_cached

register = template.Library()


class ForumCacheNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: template.base.FilterExpression,
                 parts: list[template.base.FilterExpression]):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context) -> str:
        # A node's output goes into the page as it is (the template escaped the block's variables
        # when it was rendered), so the cached string needs no marking.
        request = context.get("request")
        forum = getattr(request, "forum", None)
        if forum is None:
            return self.nodelist.render(context)
        parts = [request.user.pk, timezone.localdate(), *(str(p.resolve(context)) for p in self.parts)]
        return forum_cached(forum.pk, f"fragment:{self.name.resolve(context)}", parts,
                            lambda: str(self.nodelist.render(context)))


@register.tag("forumcache")
def forumcache(parser, token) -> ForumCacheNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% forumcache %} needs a name: {% forumcache \"matrix\" year %}")
    nodelist = parser.parse(("endforumcache",))
    parser.delete_first_token()
    return ForumCacheNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
