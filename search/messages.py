"""User-facing messages that keep their Arabic template and parameters, so each
place that shows one can render it in the reader's language.

The Arabic template is the msgid (marked with gettext_noop where it is defined);
the parameters go in after translation, so «ال*» finds its English text:

    >>> message = Message("«{prefix}*» تبدأ بها كلمات كثيرة", prefix="ال")
    >>> str(message)
    '«ال*» تبدأ بها كلمات كثيرة'

A Message is the Arabic text itself (a str), so the JSON API, whose language is
Arabic, and the tests that compare against the Arabic constants read it as before.
"""

from __future__ import annotations

from django.utils.translation import gettext


class Message(str):
    """Arabic text made from a translatable template; .translated() in the active language."""

    template: str
    params: dict

    def __new__(cls, template: str, **params) -> Message:
        text = super().__new__(cls, template.format(**_rendered(params, arabic=True)))
        text.template, text.params = template, params
        return text

    def translated(self) -> str:
        return gettext(self.template).format(**_rendered(self.params, arabic=False))


def _rendered(params: dict, *, arabic: bool) -> dict:
    """A tuple parameter is a list of names, joined with the language's list separator."""
    separator = "، " if arabic else gettext("، ")
    return {
        name: separator.join(value) if isinstance(value, tuple) else value
        for name, value in params.items()
    }


def translated(message: str) -> str:
    """A Message in the active language; any other text is looked up as a msgid."""
    if isinstance(message, Message):
        return message.translated()
    return gettext(message) if message else message
