"""Settings come from the environment and refuse to run insecurely."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings

# What the test run itself sets: a subprocess must start as a server would.
NOT_INHERITED = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "VERIFIER_TESTING",
    "DJANGO_SETTINGS_MODULE",
    "EMAIL_URL",
    "EMAIL_HOST",
}
STRONG_KEY = "k3y-for-the-settings-tests-only-aB9xQ2mZ7pL4vR8nT1wY6sU0cE5hJ3gF"


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return subprocess.run(
        [sys.executable, "-c", "import verifier.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_refuses_a_weak_secret_key_when_debug_is_off():
    result = load_settings(DEBUG="0", SECRET_KEY="short")
    assert result.returncode != 0 and "too weak" in result.stderr


def test_debug_runs_on_sqlite_without_configuration():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0 and "sqlite3" in result.stdout


def test_database_url_selects_postgresql():
    result = load_settings(SECRET_KEY=STRONG_KEY, DATABASE_URL="postgres://postgres@127.0.0.1:5432/verifier")
    assert result.returncode == 0 and "postgresql" in result.stdout


def test_schema_commands_run_without_a_secret_key_but_database_and_serving_commands_do_not():
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    manage = [sys.executable, "manage.py"]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [*manage, *args], env=clean, capture_output=True, text=True, cwd=settings.BASE_DIR, check=False
        )

    migrations = run("makemigrations", "--check", "--dry-run")
    assert migrations.returncode == 0, migrations.stderr
    serving = run("migrate", "--plan")
    assert serving.returncode != 0 and "SECRET_KEY is not set" in serving.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("a1" * 20, "fewer than 50 characters"),
        ("ab" * 30, "fewer than 5 different characters"),
        ("django-insecure-" + "q8#r!v2@m5%t7&w9^z1*x3(c6)b4" * 2, "django-insecure"),
    ],
)
def test_refuses_weak_secret_keys_like_djangos_own_check(key, reason):
    result = load_settings(DEBUG="0", SECRET_KEY=key)
    assert result.returncode != 0 and "too weak" in result.stderr and reason in result.stderr


def test_a_strong_secret_key_is_accepted_and_a_weak_one_is_fine_with_debug():
    assert load_settings(DEBUG="0", SECRET_KEY=STRONG_KEY).returncode == 0
    assert load_settings(DEBUG="1", SECRET_KEY="short").returncode == 0


def test_importing_pytest_does_not_switch_on_test_mode():
    # A server process that happens to import pytest (a plugin, a debugging helper) is still a server.
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    result = subprocess.run(
        [sys.executable, "-c", "import pytest, verifier.settings"],
        env={**clean, "DEBUG": "0"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_test_mode_comes_from_the_explicit_setting():
    assert settings.TESTING is True
    assert os.environ["VERIFIER_TESTING"] == "1"


def read_setting(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed setting name
        [sys.executable, "-c", f"import verifier.settings as s; print(repr(getattr(s, {name!r}, None)))"],
        env={**clean, "SECRET_KEY": STRONG_KEY, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_behind_a_tls_proxy_hsts_defaults_to_a_year():
    assert read_setting("SECURE_HSTS_SECONDS", BEHIND_TLS_PROXY="1") == "31536000"
    assert read_setting("SECURE_HSTS_SECONDS", BEHIND_TLS_PROXY="1", SECURE_HSTS_SECONDS="0") == "0"


def test_sqlite_from_a_database_url_gets_the_same_locking_options_as_the_default(tmp_path):
    from_url = read_setting("DATABASES", DATABASE_URL=f"sqlite:///{tmp_path}/url.sqlite3")
    default = read_setting("DATABASES", SQLITE_PATH=str(tmp_path / "default.sqlite3"))
    for databases in (from_url, default):
        assert "'transaction_mode': 'IMMEDIATE'" in databases
        assert "journal_mode=WAL" in databases
        assert "'timeout': 5" in databases


def test_email_url_configures_smtp_and_switches_on_the_password_reset():
    env = {"EMAIL_URL": "smtps://mailer:p%40ss@mail.example.org"}
    assert read_setting("EMAIL_HOST", **env) == "'mail.example.org'"
    assert read_setting("EMAIL_PORT", **env) == "465"
    assert read_setting("EMAIL_HOST_PASSWORD", **env) == "'p@ss'"
    assert read_setting("VERIFIER_PASSWORD_RESET", **env) == "True"
    assert read_setting("VERIFIER_PASSWORD_RESET", EMAIL_HOST="smtp.example.org") == "True"
    assert read_setting("VERIFIER_PASSWORD_RESET") == "False"


@pytest.mark.postgres
def test_postgresql_connections_run_without_jit_and_price_random_reads_for_ssds(require_postgres):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)


def test_postgresql_options_in_database_url_come_after_ours_so_they_win():
    url = "postgres://u@db.example.org:5432/verifier"
    assert "'options': '-c jit=off -c random_page_cost=1.1'" in read_setting("DATABASES", DATABASE_URL=url)
    mine = read_setting("DATABASES", DATABASE_URL=url + "?options=-c%20random_page_cost%3D4")
    assert "'options': '-c jit=off -c random_page_cost=1.1 -c random_page_cost=4'" in mine


def test_sqlite_connections_are_kept_between_requests_like_postgresql_ones(tmp_path):
    show = "import verifier.settings as s; print(s.DATABASES['default']['CONN_MAX_AGE'])"
    clean = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    for extra, expected in (({}, "60"), ({"DB_CONN_MAX_AGE": "0"}, "0")):
        env = {**clean, "DEBUG": "1", "SQLITE_PATH": str(tmp_path / "db.sqlite3"), **extra}
        result = subprocess.run([sys.executable, "-c", show], env=env, capture_output=True, text=True, check=True)  # noqa: S603
        assert result.stdout.strip() == expected
