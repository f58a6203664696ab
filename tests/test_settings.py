"""Settings come from the environment and refuse to run insecurely."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
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
    result = load_settings(SECRET_KEY="x" * 50, DATABASE_URL="postgres://postgres@127.0.0.1:5432/verifier")
    assert result.returncode == 0 and "postgresql" in result.stdout


def test_schema_commands_run_without_a_secret_key_but_database_and_serving_commands_do_not():
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    manage = [sys.executable, "manage.py"]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [*manage, *args], env=clean, capture_output=True, text=True, cwd=settings.BASE_DIR, check=False
        )

    migrations = run("makemigrations", "--check", "--dry-run")
    assert migrations.returncode == 0, migrations.stderr
    serving = run("migrate", "--plan")
    assert serving.returncode != 0 and "SECRET_KEY is not set" in serving.stderr
