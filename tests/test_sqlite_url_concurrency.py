"""SQLite chosen with DATABASE_URL=sqlite:///… takes the write lock up front, like the SQLITE_PATH default:
concurrent writers through a real multi-process server wait for each other instead of failing with 500s."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from django.conf import settings

PORTS = range(18100, 18150)
WRITERS = 8
CLAIMS = 12

SETUP = f"""
import json
from django.contrib.auth import get_user_model
from accounts.services import token_create
from annotations import services
from annotations.models import Role
User = get_user_model()
admin = User.objects.create_user("admin")
project = services.project_create(name="Load", created_by=admin)
body = " ".join(f"Sentence number {{n}} is here." for n in range({CLAIMS}))
article = services.article_create(project=project, imported_by=admin, title="Load", body=body)
claims = [services.claim_create(article=article, created_by=admin, quote=f"Sentence number {{n}} is here.").pk
          for n in range({CLAIMS})]
tokens = []
for n in range({WRITERS}):
    user = User.objects.create_user(f"writer{{n}}")
    services.membership_set(project=project, user=user, role=Role.REVIEWER, actor=admin)
    tokens.append(token_create(user=user)[1])
print(json.dumps({{"claims": claims, "tokens": tokens, "article": article.pk}}))
"""


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 18100-18149")


@pytest.fixture
def server(tmp_path: Path):
    """gunicorn with three worker processes on a database chosen by a sqlite:// URL."""
    keep = {k: v for k, v in os.environ.items() if k not in {"VERIFIER_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env = {
        **keep,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'url.sqlite3'}",
        "SECRET_KEY": "sqlite-url-concurrency-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "THROTTLE_TOKEN_CREATE": "1000/hour",
        "LOG_LEVEL": "WARNING",
    }
    run = {"env": env, "cwd": settings.BASE_DIR, "capture_output": True, "text": True, "check": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], **run)
    setup = subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", SETUP], **run)  # noqa: S603
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "verifier.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "3", "--threads", "1", "--timeout", "60"],
            env=env, cwd=settings.BASE_DIR, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(f"{base}/api/v1/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, data, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_concurrent_writers_through_a_sqlite_url_get_no_server_error(server):
    base, data, log = server
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(WRITERS)

    def writer(token: str) -> None:
        headers = {"Authorization": f"Token {token}"}
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            start.wait()
            for n, claim in enumerate(data["claims"]):
                body = {"claim": claim, "label": "unverified", "rationale": f"writer check {n}"}
                answers = [client.post("/api/v1/verdicts/", json=body)]
                if n % 4 == 0:  # and now and then a new claim (another table, another lock)
                    # the same span every time: confirmed as a deliberate second claim (no duplicate warning)
                    quote = {
                        "article": data["article"],
                        "start": 0,
                        "end": 8,
                        "statement": f"s{n}",
                        "confirm_duplicate": True,
                    }
                    answers.append(client.post("/api/v1/claims/", json=quote))
                with lock:
                    statuses.update(answer.status_code for answer in answers)

    threads = [threading.Thread(target=writer, args=(token,)) for token in data["tokens"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == Counter({201: WRITERS * CLAIMS + WRITERS * len(range(0, CLAIMS, 4))}), (
        statuses,
        log.read_text()[-3000:],
    )
