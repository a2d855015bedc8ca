"""Configuration from the environment with production-safe defaults."""
import os
import stat

import pytest

from exchange import create_app
from exchange.config import from_environment, load_secret_key, multi_host_problems


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


SERVER_PROFILE = {"DATABASE_URL": "postgresql://u@db/exchange", "SEARCH_BACKEND": "postgres",
                  "FILE_STORAGE": "database", "REDIS_URL": "redis://cache:6379/0",
                  "SECRET_KEY": "shared-by-every-host", "WEB_HOSTS": "2"}


def _server_profile(monkeypatch, tmp_path, **changes):
    for name in ("RATELIMIT_STORAGE_URI", "JOBS_EAGER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**SERVER_PROFILE, **changes}.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return from_environment(str(tmp_path))


def test_the_server_profile_serves_several_hosts(tmp_path, monkeypatch):
    assert multi_host_problems(_server_profile(monkeypatch, tmp_path)) == []


def test_what_one_host_keeps_to_itself_is_refused_with_several(tmp_path, monkeypatch):
    config = _server_profile(monkeypatch, tmp_path, SEARCH_BACKEND="whoosh", REDIS_URL=None,
                             FILE_STORAGE="local", SECRET_KEY=None)
    problems = " | ".join(multi_host_problems(config))
    assert "SEARCH_BACKEND=whoosh" in problems and "memory://" in problems
    assert "FILE_STORAGE=local" in problems and "JOBS_DB" in problems
    assert "SECRET_KEY" in problems
    sqlite = _server_profile(monkeypatch, tmp_path, DATABASE_URL=None)
    assert multi_host_problems(sqlite) == ["DATABASE_URL is SQLite, a file on one host: "
                                           "use PostgreSQL"]
    one_host = _server_profile(monkeypatch, tmp_path, DATABASE_URL=None, WEB_HOSTS="1")
    assert multi_host_problems(one_host) == []  # the embedded profile, on one host


def test_the_app_refuses_to_start_on_whoosh_with_two_hosts(tmp_path, monkeypatch):
    monkeypatch.setenv("WEB_HOSTS", "2")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="WEB_HOSTS=2 cannot work: .*SEARCH_BACKEND"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
                    "SEARCH_INDEX_DIR": str(tmp_path / "index")})
