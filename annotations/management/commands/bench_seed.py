"""Seed a project with many articles, claims and verdicts quickly, for the benchmark.

    python manage.py bench_seed --articles 50000 --claims-per-article 20 --reviewers 2   # 1M claims, 2M verdicts

Every reviewer gives a verdict on every claim, so the verdict count is articles × claims × reviewers.
Running it again appends more articles to the same project (their bodies differ, so the
one-body-per-project rule holds), which is how the benchmark grows from one size to the next.
The rows are valid domain data (quotes equal the body spans, statuses match the labels), but no
history events are written: this is load-test data, not reviewed work.

Rows are written as plain tuples with ids assigned here, skipping model instances: ``COPY … FROM
STDIN`` on PostgreSQL (psycopg's ``cursor.copy``), one prepared multi-row ``executemany`` on SQLite.
A million claims take a few minutes. Afterwards the sequences are moved past the new ids and the
tables are analysed (``VACUUM ANALYZE`` on PostgreSQL), so that timings plan from real statistics.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.color import no_style
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from annotations.models import (
    Article,
    Claim,
    Decision,
    Label,
    Membership,
    Project,
    RatingItem,
    Role,
    Verdict,
    status_from_labels,
)
from annotations.services import body_sha256, context_around, default_scale_create

# The tables the seed writes (sequences moved on, statistics and visibility map refreshed afterwards).
SEEDED_MODELS = (Article, Claim, Verdict, Decision)

ARTICLES_PER_BATCH = 500
CLAIMANTS = ["the port authority", "a union spokesperson", "the mayor", "المتحدث باسم الشرطة", "=cmd|' /C calc'!A0"]
LABELS = [Label.CONFIRMED, Label.DISPUTED, Label.UNVERIFIED]

ARTICLE_COLUMNS = [
    "id", "project_id", "title", "body", "body_sha256", "source", "url", "author", "published_at", "language",
    "original_language", "original_url", "imported_by_id", "created_at", "updated_at", "final_url",
]  # fmt: skip
CLAIM_COLUMNS = [
    "id", "project_id", "article_id", "start", "end", "quote", "prefix", "suffix", "statement", "claimant", "status",
    "version", "created_by_id", "created_at", "updated_at", "decision_state",
]  # fmt: skip
DECISION_COLUMNS = [
    "id", "project_id", "claim_id", "rating_id", "explanation", "public_evidence", "as_of", "review_due", "state",
    "decided_by_id", "published_by_id", "published_at", "version", "created_at", "modified_at",
]  # fmt: skip
# The public evidence of every seeded decision (exports carry it).
EVIDENCE = json.dumps(
    [{"url": "https://example.org/figures", "title": "Port figures", "excerpt": "", "stance": "context"}]
)
VERDICT_COLUMNS = [
    "id", "project_id", "claim_id", "reviewer_id", "label", "rationale", "evidence", "version", "created_at",
    "updated_at",
]  # fmt: skip


def sentence(article_no: int, claim_no: int) -> str:
    return (
        f"Claim {claim_no} of article {article_no}: officials said {1000 + claim_no} containers, "
        f"«{article_no % 97} ships» and 🔥 {claim_no % 7} cranes moved overnight"
    )


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Write ``rows`` (values in ``columns`` order, ready for the database) in one statement."""
    if connection.vendor == "postgresql":
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    quote = connection.ops.quote_name
    insert = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - our own table and column names
        quote(model._meta.db_table), ", ".join(map(quote, columns)), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(insert, list(rows))


def next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1


class Command(BaseCommand):
    help = "Bulk-insert a benchmark project: N articles × K claims × R reviewers' verdicts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=200)
        parser.add_argument("--claims-per-article", type=int, default=20)
        parser.add_argument("--reviewers", type=int, default=5)
        parser.add_argument("--project", default="bench", help="Slug of the project to create or extend")
        parser.add_argument("--owner", default="bench", help="Username of the project's admin (created if missing)")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable data")
        parser.add_argument("--no-analyze", action="store_true", help="Skip VACUUM ANALYZE / ANALYZE afterwards")

    def handle(self, *args: Any, **options: Any) -> None:
        articles, per_article, reviewers = options["articles"], options["claims_per_article"], options["reviewers"]
        if articles < 0 or per_article < 0 or reviewers < 1:
            raise CommandError("--articles and --claims-per-article must be ≥ 0 and --reviewers ≥ 1")
        rng = random.Random(options["seed"])
        with transaction.atomic():
            project, users = self.prepare(options["project"], options["owner"], reviewers)
            first = Article.objects.filter(project=project).count()
            made = self.seed(project, users, range(first, first + articles), per_article, rng)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), SEEDED_MODELS):
                    cursor.execute(statement)
        if not options["no_analyze"]:
            self.analyze()
        self.stdout.write(
            f"{project.slug}: +{articles} articles, +{made[0]} claims, +{made[1]} verdicts "
            f"(project now has {Verdict.objects.filter(project=project).count()} verdicts)"
        )

    def analyze(self) -> None:
        """Fresh planner statistics (and, on PostgreSQL, a visibility map for index-only scans) for every
        table the seed wrote, then a checkpoint: a benchmark that follows measures a settled database, not
        one whose autovacuum and checkpointer are still working through a million new rows (which made
        every request of a run after seeding, the control request included, 1–3 ms slower)."""
        tables = [m._meta.db_table for m in SEEDED_MODELS]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                if connection.in_atomic_block:  # VACUUM and CHECKPOINT cannot run in a transaction (tests)
                    cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
                    return
                cursor.execute("VACUUM ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
                try:
                    cursor.execute("CHECKPOINT")
                except DatabaseError:  # needs a superuser or pg_checkpoint: the data is seeded all the same
                    self.stderr.write("No CHECKPOINT (needs a superuser or the pg_checkpoint role).")
            else:
                cursor.execute("ANALYZE")

    def prepare(self, slug: str, owner_name: str, reviewers: int) -> tuple[Project, list[User]]:
        owner, _ = User.objects.get_or_create(username=owner_name)
        project, _ = Project.objects.get_or_create(
            slug=slug, defaults={"name": f"Benchmark {slug}", "created_by": owner}
        )
        users = [owner] + [User.objects.get_or_create(username=f"{owner_name}-r{i}")[0] for i in range(1, reviewers)]
        for i, user in enumerate(users):
            Membership.objects.get_or_create(
                project=project, user=user, defaults={"role": Role.ADMIN if i == 0 else Role.REVIEWER}
            )
        return project, users

    def seed(
        self, project: Project, users: list[User], numbers: range, per_article: int, rng: random.Random
    ) -> tuple[int, int]:
        current = timezone.now()
        now: datetime | str | None = current
        if connection.vendor != "postgresql":  # SQLite stores datetimes as text in its own format
            now = connection.ops.adapt_datetimefield_value(current)
        article_id, claim_id, verdict_id = next_id(Article), next_id(Claim), next_id(Verdict)
        decision_id = next_id(Decision)
        # Every other claim gets a published decision (the exports' "decisions present on half the claims").
        if not RatingItem.objects.filter(project=project).exists():
            default_scale_create(project=project)
        rating_ids = {item.verdict: item.pk for item in RatingItem.objects.filter(project=project)}
        today = timezone.now().date()
        claims_made = verdicts_made = 0
        pid, owner = project.pk, users[0].pk
        for lo in range(numbers.start, numbers.stop, ARTICLES_PER_BATCH):
            article_rows, claim_rows, verdict_rows, decision_rows = [], [], [], []
            for n in range(lo, min(lo + ARTICLES_PER_BATCH, numbers.stop)):
                quotes = [sentence(n, k) for k in range(per_article)]
                body = " ".join(q + "." for q in quotes) or f"Article {n}."
                article_rows.append(
                    (article_id, pid, f"Benchmark article {n}", body, body_sha256(body), "Bench Times",
                     f"https://example.org/bench/{n}", "", None, "en", "", "", None, now, now, "")
                )  # fmt: skip
                offset = 0
                for k, quote in enumerate(quotes):
                    start, end = offset, offset + len(quote)
                    offset = end + 2  # ". "
                    prefix, suffix = context_around(body, start, end)
                    # Most claims get one label from every reviewer; one in ten is a disagreement.
                    agreed = rng.choice(LABELS)
                    labels = [agreed if k % 10 else LABELS[i % 3] for i in range(len(users))]
                    claim_rows.append(
                        (claim_id, pid, article_id, start, end, quote, prefix, suffix,
                         f"{1000 + k} containers were moved overnight at port {n}.", CLAIMANTS[k % len(CLAIMANTS)],
                         str(status_from_labels(labels)), 1, owner, now, now, "published" if k % 2 == 0 else "none")
                    )  # fmt: skip
                    if k % 2 == 0:
                        decision_rows.append(
                            (decision_id, pid, claim_id, rating_ids[labels[0]],
                             f"The port's figures for night {claim_id} settle it.", EVIDENCE, today, None, "published",
                             owner, users[-1].pk, now, 1, now, now)
                        )  # fmt: skip
                        decision_id += 1
                    for user, label in zip(users, labels, strict=True):
                        evidence = json.dumps(
                            [
                                {
                                    "url": f"https://example.org/source/{claim_id}/{user.pk}",
                                    "title": "Port statistics, November",
                                    "excerpt": "Moves per night: see table 3",
                                    "stance": "supports" if label == Label.CONFIRMED else "refutes",
                                }
                            ]
                        )
                        rationale = (
                            ""
                            if label == Label.UNVERIFIED and rng.random() < 0.5
                            else f"Checked against the port's published figures; {user.username} compared table 3."
                        )
                        verdict_rows.append(
                            (verdict_id, pid, claim_id, user.pk, str(label), rationale, evidence, 1, now, now)
                        )
                        verdict_id += 1
                    claim_id += 1
                article_id += 1
            insert_rows(Article, ARTICLE_COLUMNS, article_rows)
            insert_rows(Claim, CLAIM_COLUMNS, claim_rows)
            insert_rows(Verdict, VERDICT_COLUMNS, verdict_rows)
            insert_rows(Decision, DECISION_COLUMNS, decision_rows)
            claims_made += len(claim_rows)
            verdicts_made += len(verdict_rows)
        return claims_made, verdicts_made
