"""`make loadtest`: 1, then 2 PostgreSQL-backed gunicorn servers on 127.0.0.1, driven by locust.

For each configuration: a fresh database seeded with `bench_seed` (small), gunicorn servers on ports
18460.. (``--port``), a headless locust run (bounded in time and in requests per user) spreading simulated reviewers
over the servers; it prints requests/s, p50/p95/p99 and errors. With 2 servers it also checks that a
session made on one server works on the other and that login-failure counts are shared.
Loopback only: every server binds 127.0.0.1.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.__main__ import ROOT, base_env, reset_postgres, static_files_current, stop_process

FIRST_PORT = 18460
PASSWORD = "load-" + secrets.token_urlsafe(12)
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/verifier_outside_loadtest"


def log(message: str) -> None:
    print(f"[loadtest] {message}", file=sys.stderr, flush=True)


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=True
    )
    return done.stdout


SETUP = """
from django.contrib.auth.models import User
from accounts.services import token_create
from annotations.models import Claim, Membership, Project, Role
project = Project.objects.get(slug="bench")
tokens = []
for i in range(1, {users} + 1):
    user, _ = User.objects.get_or_create(username=f"load-{{i}}")
    Membership.objects.get_or_create(project=project, user=user, defaults={{"role": Role.REVIEWER}})
    tokens.append(token_create(user=user, name="loadtest")[1])
for name in ("shared-a", "shared-b"):
    user, _ = User.objects.get_or_create(username=name)
    user.set_password({password!r}); user.save()
    Membership.objects.get_or_create(project=project, user=user, defaults={{"role": Role.REVIEWER}})
print(project.pk)
print(",".join(str(pk) for pk in Claim.objects.filter(project=project).values_list("pk", flat=True)))
print(",".join(tokens))
"""


class Gunicorn:
    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.port = port
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "verifier.wsgi:application"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
                 "GUNICORN_ACCESS_LOG": "/dev/null"},
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn on port {port} did not start")

    def stop(self) -> None:
        stop_process(self.process)


def request(
    port: int, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
    response = conn.getresponse()
    data = response.read().decode(errors="replace")
    cookies = SimpleCookie()
    for value in response.headers.get_all("Set-Cookie") or []:
        cookies.load(value)
    conn.close()
    return response.status, {k: v.value for k, v in cookies.items()}, data


def check_shared_session(a: int, b: int) -> str:
    """Log in through the web form on server a; the session cookie must work on server b."""
    status, cookies, page = request(a, "GET", "/accounts/login/")
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if found is None:
        raise RuntimeError("the login page has no CSRF token")
    token = found.group(1)
    form = urlencode({"username": "shared-a", "password": PASSWORD, "csrfmiddlewaretoken": token})
    status, new, _ = request(
        a, "POST", "/accounts/login/", form,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookies['csrftoken']}"},
    )  # fmt: skip
    if status != 302 or "sessionid" not in new:
        return f"session made on :{a} used on :{b}: FAILED (login on :{a} answered {status})"
    status, _, page = request(b, "GET", "/", headers={"Cookie": f"sessionid={new['sessionid']}"})
    ok = status == 200 and "shared-a" in page
    return f"session made on :{a} used on :{b}: {'OK' if ok else f'FAILED ({status})'}"


def check_shared_lockout(a: int, b: int, limit: int = 5) -> str:
    """Failed logins on both servers add up: the limit is reached across them, and both refuse."""

    def token(port: int, password: str) -> int:
        body = json.dumps({"username": "shared-b", "password": password})
        return request(port, "POST", "/api/v1/auth/token/", body, {"Content-Type": "application/json"})[0]

    codes = [token(a if i < limit // 2 + 1 else b, "wrong") for i in range(limit)]
    after = (token(a, PASSWORD), token(b, PASSWORD))
    ok = codes[:-1] == [401] * (limit - 1) and codes[-1] == 429 and after == (429, 429)
    return (
        f"failed logins {codes} split over :{a}/:{b}, then the right password → {after}: "
        f"{'OK (counts shared)' if ok else 'FAILED'}"
    )


def run_locust(servers: list[str], project: str, claims: str, tokens: str, users: int, seconds: int, tag: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="verifier-locust-") as tmp:
        prefix = str(Path(tmp) / tag)
        env = {**os.environ, "LOADTEST_SERVERS": ",".join(servers), "LOADTEST_PROJECT": project,
               "LOADTEST_CLAIMS": claims, "LOADTEST_TOKENS": tokens}  # fmt: skip
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "-u", str(users), "-r", str(users), "--run-time", f"{seconds}s", "--stop-timeout", "5",
             "--csv", prefix, "--only-summary", "--loglevel", "WARNING", "--host", servers[0]],
            cwd=ROOT, env=env, check=False, capture_output=True, text=True,
        )  # fmt: skip
        with open(f"{prefix}_stats.csv", newline="") as f:
            rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows["Aggregated"]
    return {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": total["50%"],
        "p95": total["95%"],
        "p99": total["99%"],
        "by_name": {n: (r["Request Count"], r["Failure Count"], r["50%"], r["95%"]) for n, r in rows.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--users", type=int, default=12, help="simulated reviewers (default 12)")
    parser.add_argument("--seconds", type=int, default=30, help="duration of each run (default 30)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (default 2)")
    parser.add_argument("--servers", default="1,2", help="configurations to run (default 1,2)")
    parser.add_argument("--port", type=int, default=FIRST_PORT, help=f"first server's port (default {FIRST_PORT})")
    args = parser.parse_args()
    results = []
    checks: list[str] = []
    for count in [int(n) for n in args.servers.split(",")]:
        log(f"{count} server(s): fresh database, bench_seed --articles 20 --claims-per-article 20")
        env = reset_postgres(args.database_url)
        env.update(base_env(), DATABASE_URL=args.database_url, LOG_LEVEL="ERROR")
        manage(env, "migrate", "--noinput", "-v", "0")
        if not static_files_current():  # DEBUG=0 pages need the hashed files
            log("collectstatic (once; slow: it compresses every file)")
            manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "bench_seed", "--articles", "20", "--claims-per-article", "20", "--reviewers", "3")
        out = manage(env, "shell", "-v", "0", "-c", SETUP.format(users=args.users, password=PASSWORD))
        project, claims, tokens = out.strip().splitlines()[-3:]
        servers = [Gunicorn(env, args.port + i, args.workers) for i in range(count)]
        try:
            urls = [f"http://127.0.0.1:{s.port}" for s in servers]
            log(f"locust: {args.users} reviewers for {args.seconds}s over {', '.join(urls)}")
            stats = run_locust(urls, project, claims, tokens, args.users, args.seconds, f"s{count}")
            results.append((count, stats))
            if count > 1:
                checks.append(check_shared_session(servers[0].port, servers[1].port))
                checks.append(check_shared_lockout(servers[0].port, servers[1].port))
        finally:
            for server in servers:
                server.stop()
    print(f"\nLoad test: {args.users} reviewers, {args.seconds}s per configuration, "
          f"{args.workers} gunicorn workers per server, PostgreSQL, {os.cpu_count()} CPUs\n")  # fmt: skip
    print("| servers | requests | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for count, s in results:
        print(f"| {count} | {s['requests']} | {s['rps']:.1f} | {s['p50']} | {s['p95']} | {s['p99']} | {s['errors']} |")
    for count, s in results:
        print(f"\n{count} server(s), per request type (count, errors, p50, p95 ms):")
        for name, row in s["by_name"].items():
            if name != "Aggregated":
                print(f"  {name:<16} {row}")
    print()
    for line in checks:
        print(line)
    # A configuration that made no request at all measured nothing: that is a failure too.
    failed = any(s["errors"] or not s["requests"] for _, s in results) or any("FAILED" in c for c in checks)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
