def portal(request):
    """The actor and the forum the user works in, for every template."""
    return {
        "actor": getattr(request, "actor", None),
        "current_forum": getattr(request, "forum", None),
    }
