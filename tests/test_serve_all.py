"""`manage.py serve_all` (what `make run` starts): the web server and a worker, labelled output, and one
Ctrl+C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_one_command_runs_web_and_worker_and_one_ctrl_c_stops_both(tmp_path):
    env = {**os.environ, "DEBUG": "1", "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    env.pop("DATABASE_URL", None)
    for name in ("DJANGO_SETTINGS_MODULE", "VERIFIER_TESTING"):  # a real server, not the suite's settings
        env.pop(name, None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve_all", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        any(line.startswith("worker | Starting worker") for line in lines)
        and any(line.startswith("web    |") and "Quit the server" in line for line in lines)
    ):
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass  # the web server accepts connections
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=30)
    lines += rest.splitlines()
    assert proc.returncode == 0, "\n".join(lines)
    assert any(line.startswith("worker | Starting worker") for line in lines), "\n".join(lines)
    assert "web    | stopped (exit code 0)" in lines
    assert "worker | stopped (exit code 0)" in lines
