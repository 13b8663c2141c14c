from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers


class UserLanguageMiddleware:
    """Indonesian first. The language is the signed-in user's saved choice, else the cookie set
    by the language switch, else LANGUAGE_CODE (id). The browser's Accept-Language is ignored on
    purpose: many phones in Indonesia are set to English, but the forum works in Indonesian."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supported = dict(settings.LANGUAGES)
        user = getattr(request, "user", None)
        language = None
        if user is not None and user.is_authenticated and user.language in supported:
            language = user.language
        if language is None:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = cookie if cookie in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) on every response: the browser
    features the portal does not use are switched off for its pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is too large with 413, before anything reads it.

    Limits (settings): signed-in multipart uploads UPLOAD_MAX_BYTES plus REQUEST_MULTIPART_MARGIN_BYTES
    (the other form fields and the multipart framing); signed-in other bodies
    REQUEST_MAX_BYTES; anonymous visitors (sign-in, invitation, check-in forms)
    REQUEST_MAX_BYTES_ANONYMOUS whatever the content type. Runs after authentication (the session
    is read from the cookie, never from the body)."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def limit_for(request) -> int:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return settings.REQUEST_MAX_BYTES_ANONYMOUS
        if request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
            return settings.UPLOAD_MAX_BYTES + settings.REQUEST_MULTIPART_MARGIN_BYTES
        return settings.REQUEST_MAX_BYTES

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > 0:
            limit = self.limit_for(request)
            if length > limit:
                response = render(request, "413.html", {"size": length, "limit": limit}, status=413)
                response["Connection"] = "close"  # the unread body is not left on a kept-alive connection
                return response
        return self.get_response(request)


class QueryStringNulMiddleware:
    """Drop NUL characters from the query string before anything reads ``request.GET``: PostgreSQL
    refuses them in text, so a hostile ``?q=%00`` would otherwise turn a search into a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            request.META["QUERY_STRING"] = query.replace("%00", "").replace("\x00", "")
        return self.get_response(request)

