"""Which interface language a request gets: Arabic, unless the reader chose another.

Django's LocaleMiddleware would follow the browser's Accept-Language, and many
newsroom machines (and headless test browsers) send English; the archive's
content is Arabic, so its interface is too until the reader uses the language
switch (Django's set_language view, which keeps the choice in a cookie).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin


class ChosenLanguageMiddleware(MiddlewareMixin):
    """Django's LocaleMiddleware, minus Accept-Language and URL prefixes (the archive has none)."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        known = dict(settings.LANGUAGES)
        translation.activate(chosen if chosen in known else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The page depends on the cookie, not on Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
