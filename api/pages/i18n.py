"""The pages in English and French: the reader's language, and dates written its way.

The language is the one a ``?lang=`` switch chose (remembered in a cookie),
else the best match of ``Accept-Language``, else English. Catalogues live in
``api/translations`` (the ``.po`` and the compiled ``.mo``, kept in step by a
test).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from flask import Flask, g, request
from flask_babel import Babel, get_locale  # type: ignore[import-untyped]
from flask_babel import gettext as _gettext

LANGUAGES = ("en", "fr")
COOKIE = "gcm_lang"
#: The regional forms whose dates read as each language's readers write them.
DATE_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
UTC = ZoneInfo("UTC")


def chosen_language() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    kept = request.cookies.get(COOKIE)
    if kept in LANGUAGES:
        return kept
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def init(app: Flask) -> None:
    Babel(app, locale_selector=chosen_language)
    app.jinja_env.filters["day"] = lambda on: day(on, language())
    app.jinja_env.filters["long_day"] = lambda on: long_day(on, language())
    app.jinja_env.filters["moment"] = lambda at: moment(at, language())


def _(message: str, /, **values: object) -> str:
    """``message`` in the reader's language, with ``%(name)s`` filled from ``values``."""
    return str(_gettext(message, **values))


def language() -> str:
    """The language of this request's page (looked up once per request)."""
    if "gcm_language" not in g:
        found = get_locale()
        g.gcm_language = found.language if isinstance(found, Locale) else LANGUAGES[0]
    chosen: str = g.gcm_language
    return chosen


def _as_date(on: str | date) -> date:
    return date.fromisoformat(on) if isinstance(on, str) else on


@lru_cache(maxsize=8192)
def _day(on: date, language: str) -> str:
    return format_date(on, "EEE d MMM y", locale=DATE_LOCALES[language])


def day(on: str | date, language: str) -> str:
    """``Tue 20 Feb 2018``, ``mar. 20 févr. 2018``."""
    return _day(_as_date(on), language)


@lru_cache(maxsize=4096)
def _long_day(on: date, language: str) -> str:
    return format_date(on, "long", locale=DATE_LOCALES[language])


def long_day(on: str | date, language: str) -> str:
    """``20 February 2018``, ``20 février 2018``."""
    return _long_day(_as_date(on), language)


@lru_cache(maxsize=512)
def month(on: date, language: str) -> str:
    return format_date(on, "MMM y", locale=DATE_LOCALES[language])


def moment(at: str | datetime, language: str) -> str:
    """A recorded instant, in UTC: ``1 Mar 2018, 12:00:05 UTC``."""
    when = datetime.fromisoformat(at) if isinstance(at, str) else at
    text = format_datetime(when, "d MMM y, HH:mm:ss", tzinfo=UTC, locale=DATE_LOCALES[language])
    return f"{text} UTC"
