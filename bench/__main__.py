"""``make bench`` / ``python -m bench``: export throughput and memory, list latency and queries per page.

For each database (an SQLite file and the PostgreSQL database ``verifier_bench``, both recreated),
it seeds verdicts with ``manage.py bench_seed`` up to each size, then for every export format starts
a fresh gunicorn server (one sync worker), streams the whole export over HTTP with an API token and
reads the worker's peak RSS (``VmHWM``). It also times the list endpoints and counts the queries per
list page in-process. One table is printed and written to ``bench-results/``.

    python -m bench                # 20k and 200k verdicts, SQLite and PostgreSQL (a few minutes)
    python -m bench --quick        # 2k and 20k verdicts
    python -m bench --backends postgres --sizes 20000,200000
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
FORMATS = ["jsonl", "json", "csv", "claimreview", "webannotation", "fever"]
LIST_ENDPOINTS = ["/api/v1/claims/", "/api/v1/verdicts/"]
CLAIMS_PER_ARTICLE, REVIEWERS = 20, 5
# Targets from the issue: PostgreSQL jsonl/csv throughput, RSS growth, queries per page.
TARGET_RATE = 50_000
TARGET_GROWTH_MB = 50


@dataclass
class Backend:
    name: str
    env: dict[str, str]
    results: dict[tuple[str, int], object] = field(default_factory=dict)
    note: str = ""


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def run(args: list[str], env: dict[str, str], capture: bool = False) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )  # fmt: skip
    return done.stdout or ""


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(
        DEBUG="0", SECRET_KEY="bench-" + secrets.token_urlsafe(40), ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0", LOG_LEVEL="WARNING", DB_CONN_MAX_AGE="60", PYTHONUNBUFFERED="1",
        PYTHONWARNINGS="ignore:No directory at:UserWarning",  # whitenoise: no collectstatic for an API bench
    )  # fmt: skip
    return env


def reset_sqlite(path: Path) -> dict[str, str]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return {**base_env(), "SQLITE_PATH": str(path)}


def reset_postgres(url: str) -> dict[str, str]:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return {**base_env(), "DATABASE_URL": url}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with one sync worker, whose peak RSS we read from /proc."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "gunicorn", "verifier.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
                "--workers", "1", "--worker-class", "sync", "--timeout", "600", "--log-level", "warning",
            ],
            cwd=ROOT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            self.stop()
            raise RuntimeError("gunicorn did not start")

    def worker_pid(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return int(children[0])

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.worker_pid()}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc")

    def get(self, path: str, token: str, params: dict | None = None) -> tuple[int, int, float]:
        """Status, body bytes and seconds to the last byte, reading the stream in 1 MiB pieces."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        url = path + ("?" + urlencode(params) if params else "")
        started = time.perf_counter()
        conn.request("GET", url, headers={"Authorization": f"Token {token}", "Host": "127.0.0.1"})
        response = conn.getresponse()
        size = 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
        elapsed = time.perf_counter() - started
        conn.close()
        return response.status, size, elapsed

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def measure(backend: Backend, size: int, latency_requests: int) -> None:
    env = backend.env
    info = json.loads(run(["-m", "bench.worker", "prepare"], env, capture=True))
    log(f"{backend.name} {size}: {info['verdicts']} verdicts")
    for fmt in FORMATS:
        server = Server(env)
        try:
            server.get("/api/v1/export/verdicts/", info["token"], {"format": fmt, "project": 0})  # warm up
            status, nbytes, seconds = server.get("/api/v1/export/verdicts/", info["token"], {"format": fmt})
            if status != 200:
                raise RuntimeError(f"export {fmt} answered HTTP {status}")
            covered = info["settled_verdicts"] if fmt == "claimreview" else info["verdicts"]
            backend.results[(f"export {fmt}", size)] = (covered / seconds, server.peak_rss_mb(), nbytes)
            rate, rss = covered / seconds, server.peak_rss_mb()
            log(f"  {fmt}: {rate:,.0f} verdicts/s, {nbytes / 1e6:.0f} MB, peak RSS {rss:.0f} MB")
        finally:
            server.stop()
    server = Server(env)
    try:
        for endpoint in LIST_ENDPOINTS:
            status, _, _ = server.get(endpoint, info["token"])
            if status != 200:
                backend.results[(f"latency {endpoint}", size)] = f"HTTP {status}"
                continue
            times = sorted(server.get(endpoint, info["token"])[2] * 1000 for _ in range(latency_requests))
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            backend.results[(f"latency {endpoint}", size)] = (p50, p95)
            log(f"  {endpoint}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    finally:
        server.stop()
    counts = json.loads(run(["-m", "bench.worker", "queries"], env, capture=True))
    for endpoint, by_size in counts.items():
        backend.results[(f"queries {endpoint}", size)] = by_size
        log(f"  {endpoint}: queries per page {by_size}")


def seed_to(backend: Backend, current: int, target: int) -> int:
    per_article = CLAIMS_PER_ARTICLE * REVIEWERS
    articles = max(0, (target - current) // per_article)
    started = time.perf_counter()
    run(
        ["manage.py", "bench_seed", "--articles", str(articles), "--claims-per-article", str(CLAIMS_PER_ARTICLE),
         "--reviewers", str(REVIEWERS)],
        backend.env,
    )  # fmt: skip
    log(f"{backend.name}: seeded {articles * per_article} verdicts in {time.perf_counter() - started:.1f} s")
    return current + articles * per_article


def table(backends: list[Backend], sizes: list[int]) -> str:
    heads = ["backend", "measurement", *(f"{s // 1000}k verdicts" for s in sizes), "target", "met"]
    rows: list[list[str]] = []
    for b in backends:
        if b.note:
            rows.append([b.name, b.note, *([""] * len(sizes)), "", ""])
            continue
        for fmt in FORMATS:
            cells = [b.results.get((f"export {fmt}", s)) for s in sizes]
            rates = [f"{c[0]:,.0f}" if c else "–" for c in cells]
            targeted = b.name == "postgres" and fmt in ("jsonl", "csv")
            met = all(c and c[0] >= TARGET_RATE for c in cells) if targeted else None
            rows.append([b.name, f"export {fmt}: verdicts/s", *rates, f"≥ {TARGET_RATE:,}" if targeted else "",
                         "" if met is None else ("yes" if met else "NO")])  # fmt: skip
            rss = [f"{c[1]:.0f} MB" for c in cells if c]
            growth = cells[-1][1] - cells[0][1] if all(cells) else None
            rows.append([b.name, f"export {fmt}: server peak RSS", *rss + ["–"] * (len(sizes) - len(rss)),
                         f"growth < {TARGET_GROWTH_MB} MB" + (f" (+{growth:.0f})" if growth is not None else ""),
                         "yes" if growth is not None and growth < TARGET_GROWTH_MB else "NO"])  # fmt: skip
        for endpoint in LIST_ENDPOINTS:
            cells = [b.results.get((f"latency {endpoint}", s)) for s in sizes]
            shown = [f"{c[0]:.1f} / {c[1]:.1f} ms" if isinstance(c, tuple) else str(c or "–") for c in cells]
            rows.append([b.name, f"GET {endpoint} p50 / p95", *shown, "", ""])
        for endpoint in LIST_ENDPOINTS:
            cells = [b.results.get((f"queries {endpoint}", s)) or {} for s in sizes]
            shown = [" / ".join(str(c.get(k, "–")) for k in ("10", "500")) for c in cells]
            values = {v for c in cells for v in c.values()}
            same = len(values) == 1 and all(isinstance(v, int) for v in values)
            rows.append([b.name, f"GET {endpoint} queries per page (10 / 500 rows)", *shown,
                         "same for every page size", "yes" if same else "NO"])  # fmt: skip
    widths = [max(len(str(r[i])) for r in [heads, *rows]) for i in range(len(heads))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(heads), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in rows)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2k and 20k verdicts, 20 requests per latency")
    parser.add_argument("--sizes", help="comma-separated verdict counts (default 20000,200000)")
    parser.add_argument("--backends", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/verifier_bench")
    parser.add_argument("--requests", type=int, help="requests per list endpoint for latency (default 50)")
    args = parser.parse_args(argv)
    sizes = (
        [int(s) for s in args.sizes.split(",")] if args.sizes else ([2000, 20000] if args.quick else [20000, 200000])
    )
    requests = args.requests or (20 if args.quick else 50)
    started = time.perf_counter()

    RESULTS.mkdir(exist_ok=True)
    backends: list[Backend] = []
    for name in args.backends.split(","):
        try:
            env = reset_sqlite(RESULTS / "bench.sqlite3") if name == "sqlite" else reset_postgres(args.postgres)
        except Exception as exc:  # noqa: BLE001 - report an unreachable PostgreSQL in the table, go on
            backends.append(Backend(name, {}, note=f"skipped: {exc}".splitlines()[0][:80]))
            log(f"{name}: skipped ({exc})")
            continue
        backend = Backend(name, env)
        backends.append(backend)
        run(["manage.py", "migrate", "--noinput", "-v", "0"], env)
        current = 0
        for size in sizes:
            current = seed_to(backend, current, size)
            measure(backend, size, requests)

    result = table(backends, sizes)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    header = (
        f"verifier benchmark {stamp}: {os.cpu_count()} CPUs, {CLAIMS_PER_ARTICLE} claims per article, "
        f"{REVIEWERS} reviewers per claim, {requests} requests per latency, took {time.perf_counter() - started:.0f} s"
    )
    for path in (RESULTS / f"bench-{stamp}.md", RESULTS / "latest.md"):
        path.write_text(header + "\n\n" + result + "\n")
    print(header + "\n\n" + result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
