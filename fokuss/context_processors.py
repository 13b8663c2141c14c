from django.utils import timezone


def portal(request):
    """The actor and the forum the user works in, for every template; the time the page was
    rendered (shown in the offline banner when the page is read from the phone's cache)."""
    return {
        "actor": getattr(request, "actor", None),
        "current_forum": getattr(request, "forum", None),
        "rendered_at": timezone.now(),
    }
