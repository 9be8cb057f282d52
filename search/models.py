"""What the search app stores in the database: the queue of index updates."""

from django.db import models


class PendingIndexUpdate(models.Model):
    """An article whose search document must be written again (or removed).

    Rows are added in the same transaction as the edit that needs them, so a
    committed edit is never forgotten, even if the process dies before the
    index is written; the index writer deletes them once written. No foreign
    key: the article may be gone, and then its document is removed.
    """

    article_id = models.BigIntegerField()
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"article {self.article_id}, queued {self.queued_at:%Y-%m-%d %H:%M:%S}"
