from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self) -> None:
        from articles.relations import editing  # noqa: F401  (connects its pre_delete receiver)
