from django.conf import settings
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
