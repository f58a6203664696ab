"""Seed a project with many articles, claims and verdicts quickly (bulk inserts), for the benchmark.

    python manage.py bench_seed --articles 2000 --claims-per-article 20 --reviewers 5

Every reviewer gives a verdict on every claim, so the verdict count is articles × claims × reviewers;
every other claim has a published editor's decision.
Running it again appends more articles to the same project (their bodies differ, so the
one-body-per-project rule holds), which is how the benchmark grows from 20k to 200k verdicts.
The rows are valid domain data (quotes equal the body spans, statuses match the labels), but no
history events are written: this is load-test data, not reviewed work.
"""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
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

BATCH = 2000
CLAIMANTS = ["the port authority", "a union spokesperson", "the mayor", "المتحدث باسم الشرطة", "=cmd|' /C calc'!A0"]
LABELS = [Label.CONFIRMED, Label.DISPUTED, Label.UNVERIFIED]
EVIDENCE = {"url": "https://example.org/figures", "title": "Port figures", "excerpt": "", "stance": "context"}


def sentence(article_no: int, claim_no: int) -> str:
    return (
        f"Claim {claim_no} of article {article_no}: officials said {1000 + claim_no} containers, "
        f"«{article_no % 97} ships» and 🔥 {claim_no % 7} cranes moved overnight"
    )


class Command(BaseCommand):
    help = "Bulk-insert a benchmark project: N articles × K claims × R reviewers' verdicts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, default=200)
        parser.add_argument("--claims-per-article", type=int, default=20)
        parser.add_argument("--reviewers", type=int, default=5)
        parser.add_argument("--project", default="bench", help="Slug of the project to create or extend")
        parser.add_argument("--owner", default="bench", help="Username of the project's admin (created if missing)")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for repeatable data")

    def handle(self, *args: Any, **options: Any) -> None:
        articles, per_article, reviewers = options["articles"], options["claims_per_article"], options["reviewers"]
        if articles < 0 or per_article < 0 or reviewers < 1:
            raise CommandError("--articles and --claims-per-article must be ≥ 0 and --reviewers ≥ 1")
        rng = random.Random(options["seed"])
        with transaction.atomic():
            project, users = self.prepare(options["project"], options["owner"], reviewers)
            first = Article.objects.filter(project=project).count()
            made = self.seed(project, users, range(first, first + articles), per_article, rng)
        self.stdout.write(
            f"{project.slug}: +{articles} articles, +{made[0]} claims, +{made[1]} verdicts "
            f"(project now has {Verdict.objects.filter(claim__project=project).count()} verdicts)"
        )

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
        now = timezone.now()
        if not RatingItem.objects.filter(project=project).exists():
            default_scale_create(project=project)
        ratings = {item.verdict: item for item in RatingItem.objects.filter(project=project)}
        claims_made = verdicts_made = 0
        step = max(1, BATCH // max(1, per_article))
        for lo in range(numbers.start, numbers.stop, step):
            batch = range(lo, min(lo + step, numbers.stop))
            bodies = {n: " ".join(sentence(n, k) + "." for k in range(per_article)) or f"Article {n}." for n in batch}
            saved = Article.objects.bulk_create(
                [
                    Article(
                        project=project,
                        title=f"Benchmark article {n}",
                        body=bodies[n],
                        body_sha256=body_sha256(bodies[n]),
                        source="Bench Times",
                        url=f"https://example.org/bench/{n}",
                        language="en",
                    )
                    for n in batch
                ]
            )
            if not saved or saved[0].pk is None:  # backends that do not return ids from bulk inserts
                saved = list(Article.objects.filter(project=project, url__in=[a.url for a in saved]).order_by("id"))
            claims, labels_for = [], []
            for article in saved:
                n = int(article.url.rsplit("/", 1)[1])
                offset = 0
                for k in range(per_article):
                    quote = sentence(n, k)
                    start, end = offset, offset + len(quote)
                    offset = end + 2  # ". "
                    prefix, suffix = context_around(article.body, start, end)
                    # Most claims get one label from every reviewer; one in ten is a disagreement.
                    agreed = rng.choice(LABELS)
                    labels = [agreed if k % 10 else LABELS[i % 3] for i in range(len(users))]
                    labels_for.append(labels)
                    claims.append(
                        Claim(
                            project=project,
                            article=article,
                            start=start,
                            end=end,
                            quote=quote,
                            prefix=prefix,
                            suffix=suffix,
                            statement=f"{1000 + k} containers were moved overnight at port {n}.",
                            claimant=CLAIMANTS[k % len(CLAIMANTS)],
                            status=status_from_labels(labels),
                            decision_state="published" if k % 2 == 0 else "none",
                            created_by=users[0],
                        )
                    )
            saved_claims = Claim.objects.bulk_create(claims, batch_size=BATCH)
            if saved_claims and saved_claims[0].pk is None:
                saved_claims = list(Claim.objects.filter(article__in=saved).order_by("article_id", "start"))
            verdicts = []
            for claim, labels in zip(saved_claims, labels_for, strict=True):
                for user, label in zip(users, labels, strict=True):
                    evidence = [
                        {
                            "url": f"https://example.org/source/{claim.pk}/{user.pk}",
                            "title": "Port statistics, November",
                            "excerpt": "Moves per night: see table 3",
                            "stance": "supports" if label == Label.CONFIRMED else "refutes",
                        }
                    ]
                    verdicts.append(
                        Verdict(
                            claim=claim,
                            reviewer=user,
                            label=label,
                            evidence=evidence,
                            updated_at=now,
                            rationale=""
                            if label == Label.UNVERIFIED and rng.random() < 0.5
                            else f"Checked against the port's published figures; {user.username} compared table 3.",
                        )
                    )
            Verdict.objects.bulk_create(verdicts, batch_size=BATCH)
            decisions = [
                Decision(
                    project=project, claim=claim, rating=ratings[labels[0]], as_of=now.date(), state="published",
                    explanation=f"The port's figures for night {claim.pk} settle it.", decided_by=users[0],
                    published_by=users[-1], published_at=now, public_evidence=[EVIDENCE],
                )
                for claim, labels in zip(saved_claims, labels_for, strict=True)
                if claim.decision_state == "published"
            ]  # fmt: skip
            Decision.objects.bulk_create(decisions, batch_size=BATCH)
            claims_made += len(saved_claims)
            verdicts_made += len(verdicts)
        return claims_made, verdicts_made
