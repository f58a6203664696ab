"""In-process measurements the benchmark needs from one database (run in a subprocess by ``bench``).

    python -m bench.worker prepare     → {"token": …, "verdicts": …, "settled_verdicts": …}
    python -m bench.worker queries     → {"/api/v1/claims/": {"10": n, "500": n}, …}

The database comes from the environment (``DATABASE_URL`` or ``SQLITE_PATH``), as for the server.
"""

from __future__ import annotations

import json
import os
import sys

LIST_ENDPOINTS = ["/api/v1/claims/", "/api/v1/verdicts/"]
PAGE_SIZES = [10, 500]


def prepare(username: str) -> dict:
    """An API token for the benchmark user, and how many verdicts each kind of export covers."""
    from django.contrib.auth.models import User

    from accounts.services import token_create
    from annotations.models import Verdict

    user = User.objects.get(username=username)
    _, raw = token_create(user=user, name="bench")
    return {
        "token": raw,
        "verdicts": Verdict.objects.count(),
        # ClaimReview covers the claims with a published decision only.
        "settled_verdicts": Verdict.objects.filter(claim__decision_state="published").count(),
    }


def queries(username: str) -> dict:
    """Queries run to serve the first page of each list endpoint, per page size."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))
    result: dict[str, dict[str, int | str]] = {}
    for endpoint in LIST_ENDPOINTS:
        result[endpoint] = {}
        client.get(endpoint, {"page_size": 10})  # warm up: the session and content types get cached
        for size in PAGE_SIZES:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(endpoint, {"page_size": size})
            if response.status_code != 200:
                result[endpoint][str(size)] = f"HTTP {response.status_code}"
                continue
            result[endpoint][str(size)] = len(captured.captured_queries)
    return result


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verifier.settings")
    import django

    django.setup()
    command, username = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "bench"
    action = {"prepare": prepare, "queries": queries}[command]
    print(json.dumps(action(username)))


if __name__ == "__main__":
    main()
