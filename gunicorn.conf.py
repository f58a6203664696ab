"""gunicorn settings for verifier (``gunicorn -c gunicorn.conf.py verifier.wsgi``); each can be overridden
from the environment. See README "Deploying"."""

from __future__ import annotations

import multiprocessing
import os


def _env_bool(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: 2 per CPU + 1 (gunicorn's advice for I/O-bound Django), unless WEB_CONCURRENCY says otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# Exports stream for a long time: the timeout must cover the longest one.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200

# Access log to stdout, one JSON object per line (parseable by any log shipper).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "query": "%(q)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s, "referer": "%(f)s", "agent": "%(a)s", '
    '"forwarded_for": "%({x-forwarded-for}i)s"}'
)

# X-Forwarded-* headers are trusted only from the proxy, and only when the app is told it sits behind
# one (BEHIND_TLS_PROXY=1, as in settings.py); PROXY_IPS lists the proxy addresses (default: loopback).
forwarded_allow_ips = os.environ.get("PROXY_IPS", "127.0.0.1,::1") if _env_bool("BEHIND_TLS_PROXY") else ""
proxy_allow_ips = forwarded_allow_ips
# gunicorn 27's control socket is one path per user by default, so two servers on one machine would
# share it; nothing here uses it.
control_socket_disable = True
