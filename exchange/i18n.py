"""Locale selection: Simplified Chinese by default, English on request, shown in Asia/Shanghai."""
from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session

from exchange.extensions import api_request, babel

LANGUAGE_SESSION_KEY = "lang"
FULL_WIDTH = {"colon": "：", "full_stop": "。", "list_separator": "、"}
HALF_WIDTH = {"colon": ": ", "full_stop": ". ", "list_separator": ", "}


def select_locale() -> str:
    # CLI commands have no request: they use the default language. The API reads no
    # session: its callers say their language in Accept-Language.
    if api_request():
        return _api_locale()
    chosen = session.get(LANGUAGE_SESSION_KEY) if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _api_locale() -> str:
    best = request.accept_languages.best_match(["zh-Hans", "zh-CN", "zh", "en"])
    if best == "en":
        return "en"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def punctuation(name: str) -> str:
    """`colon`, `full_stop` or `list_separator` in the current language, for text a view
    joins from pieces (templates get the same as variables)."""
    from flask_babel import get_locale

    locale = get_locale()
    return (FULL_WIDTH if locale is not None and locale.language == "zh" else HALF_WIDTH)[name]


def html_lang(locale: str) -> str:
    """BCP 47 tag for <html lang>: zh_Hans -> zh-Hans."""
    return str(locale).replace("_", "-")


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )

    @app.context_processor
    def inject_languages():
        from flask_babel import get_locale

        locale = get_locale()
        return {
            "languages": app.config["LANGUAGES"],
            "current_language": str(locale),
            "html_lang": html_lang(str(locale)),
            "current_path": request.full_path.rstrip("?"),
            # Punctuation a template puts between its own pieces ("对接专员：未指派"):
            # Chinese text takes the full-width forms.
            **(FULL_WIDTH if locale.language == "zh" else HALF_WIDTH),
        }
