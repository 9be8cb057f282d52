"""The files browsers and crawlers ask for at the site's root: /favicon.ico and /robots.txt."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def favicon(request):
    # Pages link the SVG icon; the admin's pages do not, and browsers then ask here.
    return redirect(static("img/favicon.svg"), permanent=False)


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /i18n/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
