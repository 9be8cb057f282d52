"""Reading pages: home, article, and the date archive (year -> month -> day)."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.shortcuts import render
from django.views.generic import DetailView, ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from articles.models import Article

HOME_LATEST = 20
ARCHIVE_PAGE_SIZE = 50


def home(request):
    latest = Article.objects.for_listing().newest_first()[:HOME_LATEST]
    return render(
        request,
        "articles/home.html",
        {"latest": latest, "total": Article.objects.count()},
    )


class ArticleDetailView(DetailView):
    queryset = Article.objects.select_related("source", "appended_to")
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["appended_stories"] = self.object.appended_stories.for_listing()
        return context


class ArchiveIndexView(ListView):
    """Every year and month that has articles, with counts."""

    template_name = "articles/archive_index.html"
    context_object_name = "months"

    def get_queryset(self):
        return (
            Article.objects.filter(published_on__isnull=False)
            .annotate(month=TruncMonth("published_on"))
            .values("month")
            .annotate(count=Count("id"))
            .order_by("-month")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["undated"] = Article.objects.filter(published_on__isnull=True).count()
        return context


class DateArchiveMixin:
    queryset = Article.objects.for_listing()
    date_field = "published_on"
    allow_future = True
    allow_empty = False
    month_format = "%m"
    paginate_by = ARCHIVE_PAGE_SIZE
    ordering = ["-published_on", "-id"]


class YearView(DateArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"
    make_object_list = True


class MonthView(DateArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"


class DayView(DateArchiveMixin, DayArchiveView):
    template_name = "articles/archive_day.html"
