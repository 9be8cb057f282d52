from django.urls import path, re_path

from search import api, exports, opensearch, views
from search.feeds import SearchFeed

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("search/feed/", SearchFeed(), name="feed"),
    path("search/export.csv", exports.export_csv, name="export_csv"),
    path("search/export.json", exports.export_json, name="export_json"),
    path("opensearch.xml", opensearch.description, name="opensearch"),
]

api_urlpatterns = [
    path("search", api.search, name="search"),
    path("articles/<int:pk>", api.article, name="article"),
    path("articles/<int:pk>/related", api.related, name="related"),
    # (?s): a newline in the path (%0A) is still an unknown endpoint, answered in JSON.
    re_path(r"^(?P<rest>(?s:.*))$", api.not_found),
]
