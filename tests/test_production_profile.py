"""The README's production profile passes `check --deploy` with no warning; gunicorn.conf.py and the
cache follow the environment."""

from __future__ import annotations

import json
import os
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_profile() -> dict[str, str]:
    """The variables the README's production-profile block exports (command substitutions replaced by
    a random-looking key of the same kind)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- production-profile -->\n```bash\n(.*?)```", text, re.DOTALL)
    assert block, "README lost its production-profile block"
    env: dict[str, str] = {}
    for line in block.group(1).splitlines():
        assert line.startswith("export "), line
        for word in shlex.split(line[len("export ") :]):
            name, _, value = word.partition("=")
            env[name] = "ci-profile-" + "k" * 50 if value.startswith("$(") else value
    return env


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_readme_profile_passes_check_deploy_without_a_warning():
    env = readme_profile()
    assert env["DEBUG"] == "0" and env["BEHIND_TLS_PROXY"] == "1"
    result = run_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_the_hsts_switches_check_deploy_warns():
    env = readme_profile()
    del env["SECURE_HSTS_INCLUDE_SUBDOMAINS"], env["SECURE_HSTS_PRELOAD"]
    result = run_check(env)
    assert result.returncode != 0
    assert "security.W005" in result.stderr + result.stdout
    assert "security.W021" in result.stderr + result.stdout


def load_gunicorn_conf(monkeypatch, **env: str) -> dict:
    for name in ("WEB_CONCURRENCY", "BEHIND_TLS_PROXY", "PROXY_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_conf_follows_cpus_and_proxy_settings(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch)
    assert conf["workers"] == (os.cpu_count() or 1) * 2 + 1
    assert conf["forwarded_allow_ips"] == ""  # not behind a proxy: X-Forwarded-* from nobody
    conf = load_gunicorn_conf(monkeypatch, BEHIND_TLS_PROXY="1", PROXY_IPS="10.0.0.2", WEB_CONCURRENCY="3")
    assert (conf["workers"], conf["forwarded_allow_ips"]) == (3, "10.0.0.2")
    assert conf["timeout"] >= 300


def test_the_access_log_lines_are_json(monkeypatch):
    conf = load_gunicorn_conf(monkeypatch)
    line = re.sub(r"%\((\{[^}]+\}\w|\w)\)s", "1", conf["access_log_format"])
    parsed = json.loads(line)
    assert {"time", "method", "path", "status", "duration_us", "remote"} <= set(parsed)


def test_the_cache_is_shared_never_per_process():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
    base.update(DEBUG="1", DJANGO_SETTINGS_MODULE="verifier.settings")
    run = [sys.executable, "-c", "import django; django.setup(); " + code]
    db = subprocess.run(run, cwd=ROOT, env=base, capture_output=True, text=True, check=True)  # noqa: S603
    assert db.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    redis = subprocess.run(  # noqa: S603
        run, cwd=ROOT, env={**base, "REDIS_URL": "redis://127.0.0.1:6379/0"}, capture_output=True, text=True, check=True
    )
    assert redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
