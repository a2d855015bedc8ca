"""Configuration read from the environment, with production-safe defaults."""
from __future__ import annotations

import json
import logging
import os
import secrets
from pathlib import Path


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_secret_key(instance_path: str) -> str:
    """Return SECRET_KEY from the environment, else from instance/secret_key.

    The file is generated once with owner-only permissions so that sessions survive
    restarts without a secret ever being committed to the repository.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


def _shared_storage_uri() -> str:
    return os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or ""


def from_environment(instance_path: str) -> dict:
    """Build the config mapping for create_app()."""
    database_url = os.environ.get("DATABASE_URL") or (
        "sqlite:///" + str(Path(instance_path) / "exchange.db")
    )
    if database_url.startswith("postgresql://"):
        # psycopg 3 is the supported driver; accept the conventional URL form too.
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        # JSON columns (keywords) keep Chinese as text, so LIKE can find words in them.
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "json_serializer": lambda obj: json.dumps(obj, ensure_ascii=False),
        },
        "SEARCH_INDEX_DIR": os.environ.get(
            "SEARCH_INDEX_DIR", str(Path(instance_path) / "index")
        ),
        "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND", "whoosh").lower(),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").upper(),
        # Cookies are always HttpOnly/SameSite; Secure is forced by the env flag, and
        # otherwise set per request when it arrived over HTTPS (see sessions.py).
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "PROXY_FIX_HOPS": int(os.environ.get("PROXY_FIX_HOPS", "0")),
        # How many hosts serve this site behind one address (docs/operations.md): above 1,
        # the app refuses to start on anything one host keeps to itself.
        "WEB_HOSTS": int(os.environ.get("WEB_HOSTS", "1")),
        "RATELIMIT_STORAGE_URI": _shared_storage_uri() or "memory://",
        "SECRET_KEY_FROM_ENV": bool(os.environ.get("SECRET_KEY")),
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        # Login throttling (auth/throttle.py) counts for every worker: in the database
        # unless a Redis (or other `limits` storage) URI is configured.
        "LOGIN_THROTTLE_STORAGE_URI": _shared_storage_uri() or "database",
        # Attempts per client address; then per account and address, a delay doubling
        # after each wrong password past the free ones, up to the maximum (seconds).
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        "LOGIN_FREE_FAILURES": int(os.environ.get("LOGIN_FREE_FAILURES", "5")),
        "LOGIN_MAX_DELAY": int(os.environ.get("LOGIN_MAX_DELAY", "900")),
        # Largest upload (attachments, import files); bigger requests get the 413 page.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(10 * 1024 * 1024))),
        "ATTACHMENT_DIR": os.environ.get(
            "ATTACHMENT_DIR", str(Path(instance_path) / "attachments")
        ),
        # Uploaded import files wait here between the preview and the confirmation.
        "IMPORT_DIR": os.environ.get("IMPORT_DIR", str(Path(instance_path) / "imports")),
        # Where uploaded files live: "local" (the two folders above, one host) or
        # "database" (the stored_files table: every host serves every file).
        "FILE_STORAGE": os.environ.get("FILE_STORAGE", "local"),
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
        "INVITATION_DAYS": int(os.environ.get("INVITATION_DAYS", "14")),
        "BABEL_DEFAULT_LOCALE": "zh_Hans",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": {"zh_Hans": "简体中文", "en": "English"},
        "BOOTSTRAP_SERVE_LOCAL": True,
        "PER_PAGE": 20,
        # Matching: factor weights over the defaults of exchange/matching/weights.py, as
        # JSON, e.g. MATCH_WEIGHTS='{"industry": 0.2}'; and the score (0-1) from which a
        # new match is announced to both sides.
        "MATCH_WEIGHTS": json.loads(os.environ.get("MATCH_WEIGHTS") or "{}"),
        "MATCH_NOTIFY_THRESHOLD": float(os.environ.get("MATCH_NOTIFY_THRESHOLD", "0.5")),
        # Matches shown by default (the rest behind "show weaker matches"): a score of at
        # least this, and a term or keyword shared with the other side. On the judged
        # development needs (top 50 each), 0.25 keeps 99.5% of the relevant matches and
        # hides 21% of the others; 0.3 would keep 91% and hide 50%.
        "MATCH_MIN_SCORE": float(os.environ.get("MATCH_MIN_SCORE", "0.25")),
        # Seconds between two checks of whether the published achievements (and so the
        # keyword vocabulary that suggestions and matching read) changed.
        "MATCH_VOCABULARY_CHECK": float(os.environ.get("MATCH_VOCABULARY_CHECK", "30")),
        **_jobs_and_mail(instance_path),
        **_api(),
    }


def _api() -> dict:
    return {
        # Requests per token (or per address without one), counted across processes when
        # the rate limit storage is shared.
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "120 per minute"),
        # Webhooks may call private, loopback and link-local addresses only when the
        # operator says so (a receiver inside the same network); never by default (SSRF).
        "WEBHOOKS_ALLOW_PRIVATE": _env_bool("WEBHOOKS_ALLOW_PRIVATE"),
        "WEBHOOK_TIMEOUT": float(os.environ.get("WEBHOOK_TIMEOUT", "10")),
        # Deliveries failing in a row before the webhook is switched off.
        "WEBHOOK_MAX_FAILURES": int(os.environ.get("WEBHOOK_MAX_FAILURES", "15")),
        # flask-smorest: OpenAPI 3.1 at /api/v1/openapi.json, Swagger UI at /api/docs with
        # its files served by the app (swagger-ui-bundle), no CDN.
        "API_TITLE": "Innovation Exchange API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "v1/openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": "/api/docs/assets/",
    }


def multi_host_problems(config) -> list[str]:
    """Why this configuration cannot serve WEB_HOSTS > 1 hosts behind one address: each
    item is something one host would keep to itself (empty when it can, or for one host)."""
    if config.get("WEB_HOSTS", 1) <= 1:
        return []
    checks = [
        (config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"),
         "DATABASE_URL is SQLite, a file on one host: use PostgreSQL"),
        (config["SEARCH_BACKEND"] != "postgres",
         "SEARCH_BACKEND=whoosh keeps the index in each host's folder: use "
         "SEARCH_BACKEND=postgres"),
        (config["FILE_STORAGE"] != "database",
         "FILE_STORAGE=local keeps uploads in each host's folder: use FILE_STORAGE=database"),
        (str(config["RATELIMIT_STORAGE_URI"]).startswith("memory://"),
         "rate limits are counted in each process (memory://): set REDIS_URL or "
         "RATELIMIT_STORAGE_URI"),
        (not config["REDIS_URL"] and not config.get("JOBS_EAGER"),
         "jobs wait in each host's JOBS_DB file: set REDIS_URL"),
        (not config.get("SECRET_KEY_FROM_ENV"),
         "SECRET_KEY comes from each host's instance folder: set the same SECRET_KEY on "
         "every host"),
    ]
    return [message for failed, message in checks if failed]


def _jobs_and_mail(instance_path: str) -> dict:
    smtp = bool(os.environ.get("MAIL_SERVER"))
    return {
        # Where users reach the site: the links in mails (no request to take it from).
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:8000"),
        "SITE_NAME": os.environ.get("SITE_NAME", "劳模工匠创新成果交易平台"),
        # Jobs: huey on this SQLite file, or on Redis when REDIS_URL is set (several
        # hosts). JOBS_EAGER runs each job in the committing process (tests only).
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "JOBS_DB": os.environ.get("JOBS_DB", str(Path(instance_path) / "jobs.sqlite3")),
        # One Redis can carry several sites' queues, told apart by this name.
        "JOBS_QUEUE_NAME": os.environ.get("JOBS_QUEUE_NAME", "exchange"),
        "JOBS_EAGER": _env_bool("JOBS_EAGER"),
        "JOB_ATTEMPTS": int(os.environ.get("JOB_ATTEMPTS", "5")),
        "JOB_RETRY_DELAY": int(os.environ.get("JOB_RETRY_DELAY", "30")),  # doubles
        "JOB_SWEEP_GRACE": int(os.environ.get("JOB_SWEEP_GRACE", "120")),
        "JOB_TIMEOUT": int(os.environ.get("JOB_TIMEOUT", "900")),
        # Mail: SMTP when MAIL_SERVER is set; otherwise each mail is logged and saved
        # under instance/mail/ (read a reset link there).
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND") or (
            "smtp" if smtp else "exchange.mail.backends.ConsoleAndFileEmailBackend"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS"),
        "MAIL_USE_SSL": _env_bool("MAIL_USE_SSL"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_TIMEOUT": int(os.environ.get("MAIL_TIMEOUT", "30")),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "劳模工匠创新成果交易平台 <noreply@exchange.local>"),
        "MAIL_FILE_PATH": os.environ.get("MAIL_FILE_PATH", str(Path(instance_path) / "mail")),
        # Working days (Chinese calendar) to answer a new inquiry, to accept proposed
        # agreement terms, and for staff to review a submitted item.
        "DEADLINE_INQUIRY_DAYS": int(os.environ.get("DEADLINE_INQUIRY_DAYS", "3")),
        "DEADLINE_ACCEPTANCE_DAYS": int(os.environ.get("DEADLINE_ACCEPTANCE_DAYS", "5")),
        "DEADLINE_REVIEW_DAYS": int(os.environ.get("DEADLINE_REVIEW_DAYS", "3")),
        # Password-reset and e-mail verification links stay valid this long (seconds).
        "RESET_TOKEN_AGE": int(os.environ.get("RESET_TOKEN_AGE", str(3600))),
        "VERIFY_TOKEN_AGE": int(os.environ.get("VERIFY_TOKEN_AGE", str(3 * 86400))),
    }


def configure_logging(level_name: str) -> None:
    level = getattr(logging, level_name, logging.INFO)
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Alembic's plugin set-up chatter on every command hides which revisions ran.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
