from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("News archive")  # the admin's section title, not the bare label «Articles»

    def ready(self) -> None:
        from articles.relations import editing  # noqa: F401  (connects its pre_delete receiver)
