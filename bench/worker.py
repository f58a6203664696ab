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
    """What the timed requests need: an API token and a session for the benchmark user, ids to filter
    by, a fresh project to import into, and how many verdicts each kind of export covers."""
    from django.contrib.auth.models import User
    from django.test import Client

    from accounts.services import token_create
    from annotations import services
    from annotations.models import Article, Claim, Project, Verdict

    user = User.objects.get(username=username)
    _, raw = token_create(user=user, name="bench")
    client = Client()
    client.force_login(user)
    project = Project.objects.get(slug="bench")
    # A recent article and claim of the big project (the filters' values), and an article with a long
    # body of distinct sentences for the timed claim POSTs.
    article = list(Article.objects.filter(project=project).order_by("-id").values_list("id", flat=True)[:10])[-1]
    claim = list(Claim.objects.filter(project=project).order_by("-id").values_list("id", flat=True)[:10])[-1]
    body = f"Bench POST target {Article.objects.count()}. " + " ".join(
        f"Sentence number {i} says the port moved {i * 7} containers." for i in range(2000)
    )
    target = services.article_create(project=project, imported_by=user, title="Bench POST target", body=body)
    imports = services.project_create(name=f"Bench import {Project.objects.count()}", created_by=user)
    return {
        "token": raw,
        "session": client.cookies["sessionid"].value,
        "project": project.pk,
        "article": article,
        "claim": claim,
        "post_article": target.pk,
        "import_project": imports.pk,
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
