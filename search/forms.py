"""Validation of search parameters, shared by the page and the API."""

import calendar
import datetime as dt
import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_noop

from search.analysis import without_bidi_controls
from search.engine import MAX_RESULT_WINDOW, SORTS, SearchRequest
from search.messages import Message
from search.query import ERROR_CONTROL_CHARS, ERROR_TOO_LONG, MAX_QUERY_CHARS

# The Arabic templates are the msgids of locale/en (search/messages.py renders them).
# Each starts with the parameter it names, as {name}: the same in every language.
ERROR_PAGE = gettext_noop("{name}: رقم الصفحة يجب أن يكون عددًا صحيحًا من 1 إلى {max_page}.")
ERROR_PAGE_SIZE = gettext_noop("{name}: حجم الصفحة يجب أن يكون عددًا صحيحًا من 1 إلى {max_size}.")
ERROR_SORT = Message(
    gettext_noop("{name}: الترتيب يجب أن يكون واحدًا من: {sorts}."), name="sort", sorts=SORTS
)
ERROR_IDS = gettext_noop(
    "{name}: يجب أن يكون رقمًا صحيحًا موجبًا (مثل {name}=12)، ويمكن تكراره حتى {max_ids} مرات."
)
ERROR_DATE = gettext_noop(
    "{name}: التاريخ يجب أن يكون بصيغة YYYY-MM-DD أو YYYY-MM أو YYYY (مثل 2024-09-05)."
)
ERROR_DATE_ORDER = Message(
    gettext_noop("{name}: يجب ألا يكون بعد {other}."), name="date_from", other="date_to"
)
MAX_IDS_PER_FILTER = 10
# Arabic-Indic and Persian digits typed into a date or id field.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


class IdListField(forms.Field):
    """A repeatable id parameter (?person=3&person=9) as a tuple of ints."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, param: str, **kwargs):
        self.param = param
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        values = [v for v in (value or []) if str(v).strip()]
        try:
            ids = tuple(dict.fromkeys(int(str(v).translate(_DIGITS).strip()) for v in values))
        except ValueError:
            ids = None
        if ids is None or any(i <= 0 or i > 2**62 for i in ids) or len(ids) > MAX_IDS_PER_FILTER:
            raise forms.ValidationError(
                Message(ERROR_IDS, name=self.param, max_ids=MAX_IDS_PER_FILTER)
            )
        return ids


class PartialDateField(forms.Field):
    """An ISO date; a year or a month alone means its first day (from) or last day (to)."""

    def __init__(self, *, param: str, end: bool, **kwargs):
        self.param, self.end = param, end
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        text = str(value or "").translate(_DIGITS).strip()
        if not text:
            return None
        match = _PARTIAL_DATE.fullmatch(text)
        try:
            if not match:
                raise ValueError(text)
            year = int(match[1])
            month = int(match[2]) if match[2] else (12 if self.end else 1)
            if match[3]:
                day = int(match[3])
            else:
                day = calendar.monthrange(year, month)[1] if self.end else 1
            return dt.date(year, month, day)
        except (ValueError, calendar.IllegalMonthError):
            raise forms.ValidationError(Message(ERROR_DATE, name=self.param)) from None


def _max_size() -> int:
    return settings.NEWSARCHIVE_MAX_PAGE_SIZE


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_CHARS,
        error_messages={
            "max_length": ERROR_TOO_LONG,
            "null_characters_not_allowed": ERROR_CONTROL_CHARS,
        },
    )
    page = forms.IntegerField(required=False, min_value=1)
    page_size = forms.IntegerField(required=False, min_value=1)
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS])
    person = IdListField(param="person")
    place = IdListField(param="place")
    source = IdListField(param="source")
    date_from = PartialDateField(param="date_from", end=False)
    date_to = PartialDateField(param="date_to", end=True)

    def clean_q(self) -> str:
        # Search ignores them anyway; the page echoes the query back to the reader.
        return without_bidi_controls(self.cleaned_data.get("q") or "")

    def clean(self):
        data = super().clean()
        size = data.get("page_size") or settings.NEWSARCHIVE_PAGE_SIZE
        max_page = max(1, MAX_RESULT_WINDOW // size)
        # Replace Django's generic messages with ones that name the parameter and its range.
        if "page_size" in self.errors or size > _max_size():
            self.errors.pop("page_size", None)
            self.add_error(None, Message(ERROR_PAGE_SIZE, name="page_size", max_size=_max_size()))
        if "page" in self.errors or (data.get("page") or 1) > max_page:
            self.errors.pop("page", None)
            self.add_error(None, Message(ERROR_PAGE, name="page", max_page=max_page))
        if "sort" in self.errors:
            self.errors.pop("sort")
            self.add_error(None, ERROR_SORT)
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(None, ERROR_DATE_ORDER)
        return data

    def first_error(self) -> str:
        """The first problem: Arabic as str(), a Message (.translated()) when it is one of ours."""
        for errors in self.errors.as_data().values():
            error = errors[0]
            # Django's own messages are lazy and already follow the active language.
            return error.message if isinstance(error.message, Message) else next(iter(error))
        return ""

    def to_request(self) -> SearchRequest:
        data = self.cleaned_data
        return SearchRequest(
            q=data.get("q") or "",
            page=data.get("page") or 1,
            page_size=data.get("page_size") or settings.NEWSARCHIVE_PAGE_SIZE,
            sort=data.get("sort") or "relevance",
            people=data.get("person") or (),
            places=data.get("place") or (),
            sources=data.get("source") or (),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
