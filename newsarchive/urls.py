"""URL map: pages, the JSON API, the admin and the language switch. Wiring only."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from articles.sitemaps import SITEMAPS
from newsarchive import site_files
from search.urls import api_urlpatterns

admin.site.site_header = _("أرشيف الأخبار العربية — التحرير")
admin.site.site_title = _("أرشيف الأخبار")
admin.site.index_title = _("إدارة الأرشيف")

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("search.urls")),
    path("api/", include((api_urlpatterns, "api"))),
    path("admin/", admin.site.urls),
    path("favicon.ico", site_files.favicon),
    path("robots.txt", site_files.robots_txt),
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # set_language: the header's language form posts here (the choice is kept in a cookie).
    path("i18n/", include("django.conf.urls.i18n")),
]
