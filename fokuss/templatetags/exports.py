"""``{% export_links %}``: "Unduh CSV / Unduh XLSX" links to the current page with its current
query string (the same filters) and ``format=csv|xlsx``. Templates wrap it in ``{% can %}``."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("_export_links.html", takes_context=True)
def export_links(context, testid: str = "export"):
    request = context["request"]
    links = []
    for fmt in ("csv", "xlsx"):
        query = request.GET.copy()
        query["format"] = fmt
        links.append((fmt, f"{request.path}?{query.urlencode()}"))
    return {"links": links, "testid": testid}
