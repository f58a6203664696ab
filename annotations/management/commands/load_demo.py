"""Load (idempotently) a demo project with articles we wrote, claims and verdicts, and print the logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from annotations import services
from annotations.models import Article, Claim, Project, Role, Verdict

DEMO_PASSWORD = "verifier-demo"  # noqa: S105 - printed on purpose: these are local demo accounts
DEMO_USERS = [
    ("demo-admin", Role.ADMIN),
    ("demo-editor", Role.EDITOR),
    ("demo-reviewer", Role.REVIEWER),
    ("demo-reviewer2", Role.REVIEWER),
]

# Articles written for the demo; the events and people are invented.
ARTICLES: list[dict[str, Any]] = [
    {
        "title": "Northern Brigades say drone strike destroyed arms depot outside Marrow",
        "source": "Valley Observer",
        "url": "https://example.org/valley-observer/marrow-depot",
        "author": "Staff reporter",
        "published_at": "2026-10-12",
        "language": "en",
        "original_language": "ar",
        "original_url": "https://example.org/valley-observer/ar/marrow-depot",
        "body": (
            "Northern Brigades say drone strike destroyed arms depot outside Marrow\n"
            "\n"
            "An armed group calling itself the Northern Brigades said on Sunday that it had carried out a drone "
            "strike on an arms depot outside the town of Marrow, destroying the depot and killing its commander, "
            "Colonel Idris Fane.\n"
            "\n"
            'In a statement posted on its messaging channel, the group said the strike was "a response to the '
            'shelling of villages in the valley". Residents told the Valley Observer they heard two explosions '
            "shortly after midnight.\n"
            "\n"
            "The regional defence ministry has not commented. Colonel Fane's death has not been confirmed by "
            "any independent source.\n"
            "\n"
            "This article was translated and edited by the Valley Observer."
        ),
        "claims": [
            {
                "quote": "it had carried out a drone strike on an arms depot outside the town of Marrow",
                "statement": "The Northern Brigades claimed responsibility for a drone strike on a depot near Marrow.",
                "claimant": "Northern Brigades",
                "verdicts": {
                    "demo-reviewer": ("confirmed", "The group's channel carries the statement, dated Sunday."),
                    "demo-reviewer2": ("confirmed", "Statement archived from the group's channel."),
                },
            },
            {
                "quote": "killing its commander, Colonel Idris Fane",
                "statement": "Colonel Idris Fane was killed in a drone strike near Marrow.",
                "claimant": "Northern Brigades",
                "verdicts": {
                    "demo-reviewer": ("unverified", "Only the group says so; no independent source yet."),
                    "demo-reviewer2": ("disputed", "A local council page posted a photo of Fane on Monday."),
                },
            },
            {
                "quote": "they heard two explosions shortly after midnight",
                "claimant": "Residents of Marrow",
                "verdicts": {},
            },
        ],
    },
    {
        "title": "حريق في السوق القديم يدمّر أربعة متاجر",
        "source": "نشرة المدينة",
        "url": "https://example.org/city-bulletin/old-market-fire",
        "published_at": "2026-11-02",
        "language": "ar",
        "body": (
            "حريق في السوق القديم يدمّر أربعة متاجر\n"
            "\n"
            "قال الدفاع المدني 🚒 إن الحريق دمّر أربعة متاجر في السوق القديم ليلة الخميس.\n"
            "وأكد متحدث باسم الشرطة أنه لم تقع إصابات، فيما قال تجار إن الخسائر تتجاوز مليون دينار."
        ),
        "claims": [
            {
                "quote": "الحريق دمّر أربعة متاجر في السوق القديم",
                "statement": "A fire destroyed four shops in the old market on Thursday night.",
                "claimant": "الدفاع المدني",
                "verdicts": {
                    "demo-reviewer": ("confirmed", "Civil defence statement and photos of four burnt shop fronts."),
                },
            },
            {
                "quote": "الخسائر تتجاوز مليون دينار",
                "claimant": "تجار السوق",
                "verdicts": {},
            },
        ],
    },
    {
        "title": "Council approves riverside flood barrier after two-year delay",
        "source": "Harbour Times",
        "url": "https://example.org/harbour-times/flood-barrier",
        "author": "M. Okafor",
        "published_at": "2026-09-30",
        "language": "en",
        "body": (
            "Council approves riverside flood barrier after two-year delay\n"
            "\n"
            "The city council voted 9 to 4 on Tuesday to build a 1.2-kilometre flood barrier along the river, "
            "two years after the plan was first proposed.\n"
            "\n"
            'Councillor Ana Ruiz said the barrier "will protect 3,000 homes from the next hundred-year flood". '
            "Opponents said the cost, put at 48 million, had doubled since 2024.\n"
            "\n"
            "Construction is due to start in the spring."
        ),
        "claims": [
            {
                "quote": "voted 9 to 4 on Tuesday",
                "statement": "The council approved the flood barrier by 9 votes to 4.",
                "claimant": "Harbour Times",
                "verdicts": {
                    "demo-reviewer2": ("confirmed", "Council minutes list 9 in favour, 4 against."),
                },
            },
            {
                "quote": "will protect 3,000 homes from the next hundred-year flood",
                "claimant": "Councillor Ana Ruiz",
                "verdicts": {},
            },
        ],
    },
]


class Command(BaseCommand):
    help = "Create the demo project, users, articles, claims and verdicts (running it again adds nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins")
        parser.add_argument(
            "--yes-demo-passwords",
            action="store_true",
            help=f"Create the demo accounts (password {DEMO_PASSWORD!r}) even with DEBUG off",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["yes_demo_passwords"]:
            # The demo password is public (it is in the README): on a real server it is a way in.
            raise CommandError(
                f"Refusing to create the demo accounts with DEBUG off: their password ({DEMO_PASSWORD!r}) is "
                "public. Run with DEBUG=1 (as `make run` does), or pass --yes-demo-passwords if this server "
                "really should have them."
            )
        users = {name: self._user(name) for name, _ in DEMO_USERS}
        project = Project.objects.filter(slug="demo").first()
        if project is None:
            project = services.project_create(
                name="Demo desk",
                slug="demo",
                created_by=users["demo-admin"],
                description="Articles written for the demo. Try marking a claim and giving a verdict.",
            )
        for name, role in DEMO_USERS:
            if services.membership_of(users[name], project) is None:
                services.membership_set(project=project, user=users[name], role=role, actor=users["demo-admin"])

        created = 0
        for spec in ARTICLES:
            fields = {k: v for k, v in spec.items() if k != "claims"}
            article = Article.objects.filter(project=project, body_sha256=services.body_sha256(spec["body"])).first()
            if article is None:
                article = services.article_create(project=project, imported_by=users["demo-admin"], **fields)
                created += 1
            for claim_spec in spec["claims"]:
                start = spec["body"].index(claim_spec["quote"])
                end = start + len(claim_spec["quote"])
                claim = Claim.objects.filter(article=article, start=start, end=end).first()
                if claim is None:
                    claim = services.claim_create(
                        article=article,
                        created_by=users["demo-reviewer"],
                        start=start,
                        end=end,
                        quote=claim_spec["quote"],
                        statement=claim_spec.get("statement", ""),
                        claimant=claim_spec.get("claimant", ""),
                    )
                for reviewer, (label, rationale) in claim_spec["verdicts"].items():
                    if not Verdict.objects.filter(claim=claim, reviewer=users[reviewer]).exists():
                        services.verdict_create(
                            claim=claim,
                            reviewer=users[reviewer],
                            label=label,
                            rationale=rationale,
                            evidence=[{"url": spec["url"], "title": spec["title"], "stance": "context"}],
                        )

        self.stdout.write(f"Demo project “{project.name}”: {created} new article(s), {project.claims.count()} claims.")
        if not options["quiet_logins"]:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (password for every account: {DEMO_PASSWORD}):")
            for name, role in DEMO_USERS:
                self.stdout.write(f"  {name:<16} {role.label}")
            self.stdout.write("Open http://127.0.0.1:8000/ and log in as demo-reviewer.")

    @staticmethod
    def _user(username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
        return user
