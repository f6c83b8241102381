"""Locale routing (/<lang>/...), the locale selector and bilingual content fallback."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from babel import Locale
from flask import abort, current_app, g, request, url_for
from flask_babel import get_translations
from markupsafe import Markup
from werkzeug.datastructures import MultiDict


@dataclass(frozen=True)
class Localized:
    """A content text and the language it is really in (which may be a fallback)."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


# How each site language names itself in the language switch; others come from CLDR.
AUTONYMS = {"ms": "Bahasa Melayu", "en": "English"}


def language_name(code: str) -> str:
    if code in AUTONYMS:
        return AUTONYMS[code]
    return Locale.parse(code).get_display_name(code) or code


def languages() -> list[str]:
    return current_app.config["LANGUAGES"]


def current_locale() -> str:
    return getattr(g, "lang", None) or negotiated_locale()


def negotiated_locale() -> str:
    """The best site language for the browser's Accept-Language, default the first one."""
    langs = languages()
    return request.accept_languages.best_match(langs, default=langs[0]) if request else langs[0]


def pull_lang(endpoint, values) -> None:
    if values and "lang" in values:
        lang = values.pop("lang")
        if lang not in languages():
            abort(404)
        g.lang = lang


def add_lang(endpoint, values) -> None:
    if "lang" in values or not getattr(g, "lang", None):
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = g.lang


def lang_attr(text: Localized | str) -> Markup:
    """` lang="xx"` when a text is in another language than the page, else nothing."""
    if isinstance(text, Localized) and text.lang != current_locale():
        return Markup(' lang="%s"') % text.lang
    return Markup("")


def lang_span(text: Localized | str) -> Markup:
    """A text in a <span lang> when it is in another language than the page, for use as a
    placeholder inside a translated sentence."""
    attr = lang_attr(text)
    return Markup("<span%s>%s</span>") % (attr, str(text)) if attr else Markup.escape(str(text))


def switch_url(lang: str) -> str:
    """The current page, with its query, in another language (for a cached page, the query
    it was rendered from: never a tracking argument)."""
    endpoint, view_args = request.endpoint, dict(request.view_args or {})
    if endpoint and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        url = url_for(endpoint, **{**view_args, "lang": lang})
        # A cached page renders only what its cache key holds (listing/page_cache.py).
        args = g.get("page_args", request.args)
        query = urlencode(list(MultiDict(args).items(multi=True)))
        return f"{url}?{query}" if query else url
    return url_for("public.home", lang=lang)


def request_translations():
    """This request's catalog, looked up once (Flask-Babel looks it up on every call, which
    cost several milliseconds on a page of twenty listings)."""
    translations = g.get("_jaga_translations")
    if translations is None:
        translations = g._jaga_translations = get_translations()
    return translations


def install_template_gettext(app) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def init_app(app) -> None:
    install_template_gettext(app)
    app.url_value_preprocessor(pull_lang)
    app.url_defaults(add_lang)
    app.jinja_env.filters["lang_attr"] = lang_attr
    app.jinja_env.filters["lang_span"] = lang_span
    app.jinja_env.globals.update(
        switch_url=switch_url, current_locale=current_locale, language_name=language_name
    )
