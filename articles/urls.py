from django.urls import path

from articles import views
from articles.feeds import PersonFeed, PlaceFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="detail"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("places/<int:pk>/", views.place_detail, name="place"),
    path("people/<int:pk>/feed/", PersonFeed(), name="person_feed"),
    path("places/<int:pk>/feed/", PlaceFeed(), name="place_feed"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<int:year>/", views.YearView.as_view(), name="year"),
    path("archive/<int:year>/<int:month>/", views.MonthView.as_view(), name="month"),
    path("archive/<int:year>/<int:month>/<int:day>/", views.DayView.as_view(), name="day"),
]
