"""Configuration from the environment with production-safe defaults."""
import os
import stat

from exchange import create_app
from exchange.config import from_environment, load_secret_key


def test_secret_key_generated_once_with_private_permissions(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_secret_key(str(tmp_path))
    assert len(first) == 64 and load_secret_key(str(tmp_path)) == first
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_secret_key_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert load_secret_key(str(tmp_path)) == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_defaults(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "SEARCH_INDEX_DIR", "LOG_LEVEL", "SESSION_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    config = from_environment(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/exchange.db"
    assert config["SEARCH_INDEX_DIR"] == str(tmp_path / "index")
    assert config["SESSION_COOKIE_HTTPONLY"] and config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024


def test_environment_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/exchange")
    monkeypatch.setenv("SEARCH_INDEX_DIR", "/srv/index")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "true")
    config = from_environment(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/exchange"
    assert config["SEARCH_INDEX_DIR"] == "/srv/index"
    assert config["LOG_LEVEL"] == "DEBUG"
    assert config["SESSION_COOKIE_SECURE"] is True


def test_app_is_not_in_debug_by_default(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    app = create_app()
    assert app.debug is False and app.testing is False
