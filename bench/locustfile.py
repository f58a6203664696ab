"""A reviewer mix for `make loadtest` (see bench/loadtest.py): each simulated reviewer logs in for an
API token (made beforehand) on one of the servers in LOADTEST_SERVERS (spread round-robin), then lists claims,
opens a claim, posts a verdict on a claim it has not judged yet, and exports a page of verdicts."""

from __future__ import annotations

import itertools
import json
import os
import random
import threading

from locust import HttpUser, between, task
from locust.exception import StopUser

SERVERS = [s for s in os.environ.get("LOADTEST_SERVERS", "").split(",") if s]
PROJECT = int(os.environ.get("LOADTEST_PROJECT", "0"))
CLAIMS = [int(c) for c in os.environ.get("LOADTEST_CLAIMS", "").split(",") if c]
# API tokens made before the run: logging in (a deliberately slow password hash) is not the mix measured.
TOKENS = [t for t in os.environ.get("LOADTEST_TOKENS", "").split(",") if t]
MAX_TASKS = int(os.environ.get("LOADTEST_MAX_TASKS", "300"))  # per user: the run is bounded in requests too
_numbers = itertools.count()
_lock = threading.Lock()


class Reviewer(HttpUser):
    wait_time = between(0.05, 0.2)
    host = SERVERS[0] if SERVERS else "http://127.0.0.1:18460"

    def on_start(self) -> None:
        with _lock:
            number = next(_numbers)
        self.client.base_url = SERVERS[number % len(SERVERS)]
        self.tasks_done = 0
        self.todo = random.sample(CLAIMS, len(CLAIMS))
        self.client.headers["Authorization"] = f"Token {TOKENS[number % len(TOKENS)]}"

    def _count(self) -> None:
        self.tasks_done += 1
        if self.tasks_done > MAX_TASKS:
            raise StopUser()

    @task(4)
    def list_claims(self) -> None:
        self._count()
        self.client.get(f"/api/v1/claims/?project={PROJECT}&status=disputed", name="list claims")

    @task(3)
    def open_claim(self) -> None:
        self._count()
        claim = random.choice(CLAIMS)  # noqa: S311 - not security
        self.client.get(f"/api/v1/claims/{claim}/", name="open a claim")

    @task(2)
    def post_verdict(self) -> None:
        self._count()
        if not self.todo:
            return
        claim = self.todo.pop()
        body = {"claim": claim, "label": "disputed", "rationale": "Load test: port log disagrees."}
        self.client.post("/api/v1/verdicts/", data=json.dumps(body), name="post a verdict",
                         headers={"Content-Type": "application/json"})  # fmt: skip

    @task(1)
    def export_page(self) -> None:
        self._count()
        self.client.get(f"/api/v1/export/verdicts/?format=jsonl&project={PROJECT}&label=disputed", name="export")
