from django import template

register = template.Library()


@register.simple_tag
def rate(cell) -> int:
    """(on_time, due) -> whole percent."""
    on_time, due = cell
    return round(100 * on_time / due) if due else 0
