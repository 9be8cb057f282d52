"""Validation of search parameters, shared by the page and the API."""

from django import forms
from django.conf import settings

from search.engine import MAX_RESULT_WINDOW, SORTS, SearchRequest
from search.query import ERROR_CONTROL_CHARS, ERROR_TOO_LONG, MAX_QUERY_CHARS

ERROR_PAGE = "page: رقم الصفحة يجب أن يكون عددًا صحيحًا من 1 إلى {max_page}."
ERROR_PAGE_SIZE = "page_size: حجم الصفحة يجب أن يكون عددًا صحيحًا من 1 إلى {max_size}."
ERROR_SORT = "sort: الترتيب يجب أن يكون واحدًا من: " + "، ".join(SORTS) + "."


def _max_size() -> int:
    return settings.NEWSARCHIVE_MAX_PAGE_SIZE


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False, max_length=MAX_QUERY_CHARS, error_messages={
            "max_length": ERROR_TOO_LONG,
            "null_characters_not_allowed": ERROR_CONTROL_CHARS,
        },
    )
    page = forms.IntegerField(required=False, min_value=1)
    page_size = forms.IntegerField(required=False, min_value=1)
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS])

    def clean(self):
        data = super().clean()
        size = data.get("page_size") or settings.NEWSARCHIVE_PAGE_SIZE
        max_page = max(1, MAX_RESULT_WINDOW // size)
        # Replace Django's generic messages with ones that name the parameter and its range.
        if "page_size" in self.errors or size > _max_size():
            self.errors.pop("page_size", None)
            self.add_error(None, ERROR_PAGE_SIZE.format(max_size=_max_size()))
        if "page" in self.errors or (data.get("page") or 1) > max_page:
            self.errors.pop("page", None)
            self.add_error(None, ERROR_PAGE.format(max_page=max_page))
        if "sort" in self.errors:
            self.errors.pop("sort")
            self.add_error(None, ERROR_SORT)
        return data

    def first_error(self) -> str:
        for errors in self.errors.values():
            return errors[0]
        return ""

    def to_request(self) -> SearchRequest:
        data = self.cleaned_data
        return SearchRequest(
            q=data.get("q") or "",
            page=data.get("page") or 1,
            page_size=data.get("page_size") or settings.NEWSARCHIVE_PAGE_SIZE,
            sort=data.get("sort") or "relevance",
        )
