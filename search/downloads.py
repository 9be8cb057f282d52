"""Names for downloaded files: Arabic where the browser can take it, ASCII where it cannot."""

from __future__ import annotations

from urllib.parse import quote

from django.utils.text import slugify

MAX_SLUG_CHARS = 60


def download_names(q: str, ext: str) -> tuple[str, str]:
    """(Arabic name, ASCII fallback) for a search's file: ('بحث-بوتين.csv', 'archive-search.csv')."""
    arabic = slugify(q, allow_unicode=True)[:MAX_SLUG_CHARS].strip("-_")
    latin = slugify(q)[:MAX_SLUG_CHARS].strip("-_")
    ascii_name = f"archive-search-{latin}.{ext}" if latin else f"archive-search.{ext}"
    if not arabic or arabic == latin:
        return ascii_name, ascii_name
    return f"بحث-{arabic}.{ext}", ascii_name


def attachment_header(name: str, ascii_name: str) -> str:
    """Content-Disposition with both names (RFC 6266): old clients read `filename`,
    the others `filename*`, percent-encoded UTF-8 as RFC 5987 asks."""
    header = f'attachment; filename="{ascii_name}"'
    if name != ascii_name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header
