"""Settings are read from the environment and refuse to start when production is misconfigured."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-secret-key-that-is-long-enough-and-random-0123456789",
    "ALLOWED_HOSTS": "billetterie.example.org",
    "DATABASE_URL": "sqlite:////tmp/billetterie-settings-test.sqlite3",
}


def manage(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "change-me",  # the placeholder of .env.example
        "x" * 49,
        "short-but-random-Zq8",
        "a" * 60,  # long, but five different characters at least
        "django-insecure-" + "k2v9x7q4w8e1r5t3y6u0i2o4p7a9s1d3f5g8h0j2l4z6",
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY is weak" in result.stderr


def test_env_example_key_is_refused_but_debug_accepts_any():
    example = (ROOT / ".env.example").read_text()
    placeholder = example.split("\nSECRET_KEY=", 1)[1].split("\n", 1)[0]
    refused = manage("check", **{**PRODUCTION, "SECRET_KEY": placeholder})
    debug = manage(
        "check", DEBUG="true", SECRET_KEY=placeholder, DATABASE_URL=PRODUCTION["DATABASE_URL"]
    )
    assert "SECRET_KEY is weak" in refused.stderr
    assert debug.returncode == 0, debug.stderr


def test_debug_mode_has_a_development_key():
    result = manage("check", DEBUG="true", DATABASE_URL=PRODUCTION["DATABASE_URL"])
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("url", ["garbage", "postgres://", "nosuchdb://host/name"])
def test_malformed_database_url_says_so(url):
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": url})
    assert result.returncode != 0
    assert "DATABASE_URL is malformed" in result.stderr


def test_deploy_check_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_security_headers_and_cookies(client, settings):
    response = client.get("/compte/connexion/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY


def test_production_cookies_are_secure_and_hsts_is_on():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    env = {**os.environ, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["True", "True", "True"], result.stderr


@pytest.mark.postgresql
@pytest.mark.parametrize(("env", "cost"), [({}, "1.1"), ({"POSTGRES_RANDOM_PAGE_COST": "4"}, "4")])
def test_postgresql_plans_for_ssds_unless_told_otherwise(env, cost):
    # The server's own database: the tests' DATABASE_URL may name one not created.
    server = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()
    code = "from django.db import connection; c = connection.cursor(); "
    code += "c.execute('SHOW random_page_cost'); print(c.fetchone()[0])"
    result = manage("shell", "-c", code, DEBUG="true", DATABASE_URL=server, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == cost
