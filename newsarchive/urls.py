"""URL map: pages, the JSON API and the admin. Wiring only."""

from django.contrib import admin
from django.urls import include, path

from search.urls import api_urlpatterns

admin.site.site_header = "أرشيف الأخبار العربية — التحرير"
admin.site.site_title = "أرشيف الأخبار"
admin.site.index_title = "إدارة الأرشيف"

urlpatterns = [
    path("", include("articles.urls")),
    path("", include("search.urls")),
    path("api/", include((api_urlpatterns, "api"))),
    path("admin/", admin.site.urls),
]
