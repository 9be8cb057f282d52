"""/opensearch.xml: lets a browser add the archive as a search engine
(https://github.com/dewitt/opensearch, OpenSearch 1.1)."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

CONTENT_TYPE = "application/opensearchdescription+xml; charset=utf-8"
SHORT_NAME = "أرشيف الأخبار"  # at most 16 characters, as the specification asks
DESCRIPTION = "ابحث في أرشيف الأخبار العربية: المقالات والأشخاص والأماكن."


@require_safe
def description(request):
    absolute = request.build_absolute_uri
    context = {
        "short_name": SHORT_NAME,
        "description": DESCRIPTION,
        "search_url": absolute(reverse("search:page")),
        "feed_url": absolute(reverse("search:feed")),
        "self_url": absolute(reverse("search:opensearch")),
    }
    return render(request, "search/opensearch.xml", context, content_type=CONTENT_TYPE)
