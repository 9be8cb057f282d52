"""URL map: pages, the JSON API and the admin. Wiring only."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.http import require_safe

from articles.sitemaps import SITEMAPS
from search.urls import api_urlpatterns

admin.site.site_header = "أرشيف الأخبار العربية — التحرير"
admin.site.site_title = "أرشيف الأخبار"
admin.site.index_title = "إدارة الأرشيف"

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("search.urls")),
    path("api/", include((api_urlpatterns, "api"))),
    path("admin/", admin.site.urls),
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
]
