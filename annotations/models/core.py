"""Domain models: projects and their members, articles, claims (text spans) and verdicts.

Every article, claim and verdict belongs to exactly one project; every read goes through a
``for_user(user)`` queryset so that a user only ever sees the projects they belong to.
Writes go through ``annotations.services``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, StrIndex, Upper
from django.db.models.lookups import GreaterThan
from django.urls import reverse

# Whoever a request or a service acts for: a signed-in user, or the anonymous one (who sees nothing).
AnyUser = User | AnonymousUser

RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"}


class Role(models.TextChoices):
    REVIEWER = "reviewer", "Reviewer"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Admin"


# What each role may do includes everything the roles before it may do.
ROLE_RANK = {Role.REVIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class Label(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"
    UNVERIFIED = "unverified", "Unverified"


class ClaimStatus(models.TextChoices):
    NEEDS_REVIEW = "needs_review", "Needs review"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Disputed"
    UNVERIFIED = "unverified", "Unverified"
    CONFLICT = "conflict", "Conflict"


class ClaimDecisionState(models.TextChoices):
    NONE = "none", "No decision"
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    VOID = "void", "Void"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    REFUTES = "refutes", "Refutes"
    CONTEXT = "context", "Context"


def status_from_labels(labels: Collection[str]) -> str:
    """The claim status implied by its verdict labels: none → needs_review, all equal → that label."""
    distinct = set(labels)
    if not distinct:
        return ClaimStatus.NEEDS_REVIEW
    if len(distinct) == 1:
        return ClaimStatus(distinct.pop())
    return ClaimStatus.CONFLICT


# The signed-in user's memberships as (project id, role, project has blind review), read once per
# request: ``annotations.middleware.MembershipsPerRequest`` opens the cache for a request, and any change
# to a membership or a project empties it (signals in ``apps.py``). Outside a request (commands, tasks,
# tests calling querysets) every call reads the database.
request_memberships: ContextVar[dict[int, list[tuple[int, str, bool]]] | None] = ContextVar(
    "request_memberships", default=None
)


def memberships_of(user: AnyUser) -> list[tuple[int, str, bool]]:
    """``(project_id, role, blind_review)`` for each project ``user`` belongs to (none for anonymous users)."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return []
    cache = request_memberships.get()
    if cache is not None and user.pk in cache:
        return cache[user.pk]
    # Ordered by project only: the model's ordering adds the username, the same on every row here, at the
    # cost of a join with auth_user on every request.
    memberships = Membership.objects.filter(user=user).order_by("project_id")
    rows = list(memberships.values_list("project_id", "role", "project__blind_review"))
    if cache is not None:
        cache[user.pk] = rows
    return rows


def remember_memberships(user_id: int, memberships: Iterable[Membership]) -> None:
    """Keep ``memberships`` (all of the user's, with their projects loaded) as the request's, when a view read
    them anyway: ``memberships_of`` then answers without a query. Outside a request this does nothing."""
    cache = request_memberships.get()
    if cache is not None:
        cache[user_id] = [(m.project_id, m.role, m.project.blind_review) for m in memberships]


def forget_memberships(**kwargs: Any) -> None:
    """Signal receiver: a membership or a project changed, so the request's cached memberships are stale."""
    cache = request_memberships.get()
    if cache:
        cache.clear()


def member_project_ids(user: AnyUser) -> list[int]:
    """The ids of the projects ``user`` belongs to (none for anonymous users), read now.

    Scoped querysets filter on these ids as literals (``project_id IN (3, 7)``) rather than through a
    membership subquery: with literals PostgreSQL estimates the rows from each project's statistics; through
    the subquery it guessed a fiftieth of the table, and a filtered page (``?reviewer=``, ``?label=``)
    sorted every matching row instead of walking the id index (120 ms instead of 2 ms at 20k claims).
    """
    return [project_id for project_id, _, _ in memberships_of(user)]


class ProjectQuerySet(models.QuerySet["Project"]):
    def for_user(self, user: AnyUser) -> ProjectQuerySet:
        """Projects ``user`` is a member of."""
        return self.filter(id__in=member_project_ids(user))

    def with_progress(self, user: AnyUser | None = None) -> ProjectQuerySet:
        """Annotate article and claim counts by status, in the same query.

        Given ``user``, claims whose status blind review hides from them are counted in
        ``hidden_count`` instead of their status (``visibility.hidden_status_q``).
        """
        from .visibility import hidden_status_q

        articles = Article.objects.filter(project=OuterRef("pk")).order_by().values("project").annotate(n=Count("id"))
        claim_counts: dict[str, Coalesce] = {}
        claims = Claim.objects.filter(project=OuterRef("pk")).order_by().values("project")
        claim_counts["claim_count"] = Coalesce(Subquery(claims.annotate(n=Count("id")).values("n")), 0)
        hidden = hidden_status_q(user, per_row=False) if user is not None else Q(pk__in=[])
        for status in ClaimStatus:
            sub = claims.filter(status=status).exclude(hidden).annotate(n=Count("id")).values("n")
            claim_counts[f"{status.value}_count"] = Coalesce(Subquery(sub), 0)
        sub = claims.filter(hidden).annotate(n=Count("id")).values("n")
        claim_counts["hidden_count"] = Coalesce(Subquery(sub), 0)
        return self.annotate(article_count=Coalesce(Subquery(articles.values("n")), 0), **claim_counts)


class Project(models.Model):
    """A desk or an investigation: the unit of membership and of data ownership."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    members: models.ManyToManyField[User, Membership] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="projects"
    )
    language = models.CharField(max_length=35, blank=True, help_text="Usual language of the articles (BCP 47)")
    reviews_required = models.PositiveSmallIntegerField(
        default=1, help_text="Independent verdicts wanted per claim (the queue hands out claims with fewer first)"
    )
    blind_review = models.BooleanField(
        default=True,
        help_text="Reviewers see other reviewers' verdicts and a claim's status only after saving their own",
    )
    # Editorial decisions (annotations.models.decisions): the methodology and the four-eyes rule.
    corrections_policy = models.TextField(blank=True, help_text="Shown on the methodology page")
    rereview_days = models.PositiveIntegerField(default=30, help_text="Unverified rulings are due for re-review")
    four_eyes = models.BooleanField(default=True, help_text="A decision is published by someone else")
    public_base_url = models.URLField(max_length=500, blank=True, help_text="The desk's public fact-check pages")

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("project_detail", args=[self.slug])


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: AnyUser) -> MembershipQuerySet:
        """Memberships of the projects ``user`` belongs to (so members can see each other)."""
        return self.filter(project_id__in=member_project_ids(user))


class Membership(models.Model):
    """A user's role in one project."""

    # No index of its own: the (project, user) unique constraint's index serves lookups by project.
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REVIEWER)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["project_id", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_unique_user_per_project"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.project}"

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


class ArticleQuerySet(models.QuerySet["Article"]):
    def for_user(self, user: AnyUser) -> ArticleQuerySet:
        """Articles in the projects ``user`` belongs to."""
        return self.filter(project_id__in=member_project_ids(user))

    def in_project(self, project: Project) -> ArticleQuerySet:
        return self.filter(project=project)

    def with_claim_status(self, status: str, user: AnyUser | None = None) -> ArticleQuerySet:
        """Articles with at least one claim in ``status`` (as ``user`` may see it, when given): ``EXISTS``
        probes each article's claims by index instead of collecting every matching claim first."""
        claims = Claim.objects.filter(article=OuterRef("pk"), status=status)
        if user is not None:
            claims = claims.status_visible_to(user)
        return self.filter(Exists(claims))

    def search(self, text: str) -> ArticleQuerySet:
        """Articles whose title or body contains ``text`` (case-insensitive)."""
        text = text.strip()
        if not text:
            return self
        # The body test is written as a position > 0 rather than ``icontains``: PostgreSQL keeps no
        # statistics on values as wide as article bodies and guessed that LIKE matches almost nothing,
        # so it read every body of the project and sorted them instead of walking the page's index
        # until it has a page. Same meaning (case-folded substring) on both databases.
        in_body: GreaterThan[int] = GreaterThan(StrIndex(Upper("body"), Upper(Value(text))), 0)
        return self.filter(Q(title__icontains=text) | Q(in_body))


class Article(models.Model):
    """A news article as imported: its body is kept exactly (line endings normalised to ``\\n``)."""

    # Indexed by the (project, body_sha256) unique constraint and the (project, -created_at) index.
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="articles", db_index=False)
    title = models.CharField(max_length=500)
    body = models.TextField()
    body_sha256 = models.CharField(max_length=64, editable=False)
    source = models.CharField("source / outlet", max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=35, blank=True, help_text="BCP 47 tag, e.g. en, ar, pt-BR")
    original_language = models.CharField(max_length=35, blank=True, help_text="For translations")
    original_url = models.URLField(max_length=2000, blank=True, help_text="For translations")
    # Set when the article was fetched from ``url`` (import by URL): when, and the URL that answered.
    fetched_at = models.DateTimeField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True, help_text="The URL that answered, after redirects")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "body_sha256"], name="article_unique_body_per_project"),
        ]
        indexes = [
            # The project page: newest first, one page at a time.
            models.Index(fields=["project", "-created_at", "-id"], name="article_project_created"),
            # The API list: cursor pages in id order within the caller's projects.
            models.Index(fields=["project", "id"], name="article_project_id"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article_detail", args=[self.project.slug, self.pk])

    @property
    def direction(self) -> str:
        """``rtl`` for right-to-left scripts (from the language tag), else ``ltr``."""
        primary = self.language.split("-")[0].lower() if self.language else ""
        return "rtl" if primary in RTL_LANGUAGES else "ltr"


class ClaimQuerySet(models.QuerySet["Claim"]):
    def for_user(self, user: AnyUser) -> ClaimQuerySet:
        """Claims in the projects ``user`` belongs to."""
        return self.filter(project_id__in=member_project_ids(user))

    def in_project(self, project: Project) -> ClaimQuerySet:
        return self.filter(project=project)

    def needing_verdict_from(self, user: AnyUser) -> ClaimQuerySet:
        """Claims ``user`` has not given a verdict on yet."""
        if not isinstance(user, User):  # the anonymous user has given no verdict
            return self
        return self.exclude(verdicts__reviewer=user)

    def with_visible_status(self, user: AnyUser) -> ClaimQuerySet:
        """Annotate ``shown_status``: the status, or ``"hidden"`` while blind review hides it from ``user``."""
        from .visibility import HIDDEN, hidden_status_q

        return self.annotate(
            shown_status=models.Case(
                models.When(hidden_status_q(user), then=models.Value(HIDDEN)),
                default=models.F("status"),
                output_field=models.CharField(),
            )
        )

    def status_counts_by_article(self, article_ids: Iterable[int], user: AnyUser) -> dict[int, dict[str, int]]:
        """``{article id: {status: claims}}`` for each of ``article_ids`` (an empty dict for an article without
        claims), the claims whose status blind review hides from ``user`` counted as ``hidden``: one grouped
        query over those articles' claims (index probes by article, whatever the project's size)."""
        counts: dict[int, dict[str, int]] = {pk: {} for pk in article_ids}
        if not counts:
            return counts
        claims = self.filter(article_id__in=list(counts)).with_visible_status(user).order_by()
        rows = claims.values_list("article_id", "shown_status").annotate(n=Count("id"))  # type: ignore[misc]  # an annotation
        for article_id, status, n in rows:
            counts[article_id][status] = n
        return counts

    def status_visible_to(self, user: AnyUser) -> ClaimQuerySet:
        """Only the claims whose status ``user`` may see (blind review hides the rest)."""
        from .visibility import hidden_status_q

        return self.exclude(hidden_status_q(user))

    def exportable_to(self, user: AnyUser) -> ClaimQuerySet:
        """Claims for per-claim exports: none from projects where blind review applies to ``user``
        (those rows carry everyone's verdicts and the derived status)."""
        from .visibility import blind_project_ids

        return self.exclude(project_id__in=blind_project_ids(user))


class Claim(models.Model):
    """A checkable span of an article's body, with W3C TextQuoteSelector context.

    ``start``/``end`` count Unicode code points (Python string indices), ``end`` exclusive;
    ``quote == article.body[start:end]`` always holds. ``status`` is derived from the verdicts by
    the services (``claim_refresh_status``) so lists can filter and count by it in one query.
    """

    # Indexed by (project, id) and (project, status, id) below.
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="claims", db_index=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    prefix = models.TextField(blank=True)
    suffix = models.TextField(blank=True)
    statement = models.TextField(blank=True, help_text="The claim restated as a checkable sentence")
    claimant = models.CharField(max_length=300, blank=True, help_text="Who makes the claim (not the outlet)")
    status = models.CharField(max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.NEEDS_REVIEW)
    # Maintained by the decision services, like ``status`` by the verdict services.
    decision_state = models.CharField(
        max_length=16, choices=ClaimDecisionState.choices, default=ClaimDecisionState.NONE
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="claim_start_before_end"),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
        ]
        indexes = [
            # Cursor pages in id order within a project, with or without a status filter: an index
            # range scan that stops after one page, however many claims the project has.
            models.Index(fields=["project", "id"], name="claim_project_id"),
            models.Index(fields=["project", "status", "id"], name="claim_project_status_id"),
            models.Index(fields=["project", "decision_state"], name="claim_project_decision_state"),
            # Covers the dashboard's aggregates (index-only scans instead of reading the wide rows).
            models.Index(fields=["project", "id", "created_at", "status"], name="claim_project_cover"),
            # The Claims page's default order (last change, newest first; the id keeps pages stable): without
            # it, a page of a million-claim project sorted every claim (about 1 s on PostgreSQL).
            models.Index(fields=["project", "-updated_at", "-id"], name="claim_project_changed"),
        ]

    def __str__(self) -> str:
        return self.quote if len(self.quote) <= 80 else self.quote[:77] + "…"


class VerdictQuerySet(models.QuerySet["Verdict"]):
    def bulk_create(self, objs: Iterable[Verdict], *args: Any, **kwargs: Any) -> list[Verdict]:
        """Like ``save``, fill each verdict's ``project`` (a copy of its claim's) when it is not given."""
        objs = list(objs)
        for verdict in objs:
            if verdict.project_id is None and verdict.claim_id is not None:
                verdict.project_id = verdict.claim.project_id  # the claim object, when given: no query
        return super().bulk_create(objs, *args, **kwargs)

    def for_user(self, user: AnyUser) -> VerdictQuerySet:
        """Verdicts on claims in the projects ``user`` belongs to."""
        return self.filter(project_id__in=member_project_ids(user))

    def visible_to(self, user: AnyUser) -> VerdictQuerySet:
        """Verdicts ``user`` may read: in their projects, minus others' verdicts on claims whose
        status blind review still hides from them."""
        from .visibility import hidden_status_q

        # A verdict carries its claim's project: the rule applies to the verdict rows directly.
        return self.for_user(user).exclude(hidden_status_q(user, claim_id="claim_id"))

    def exportable_to(self, user: AnyUser) -> VerdictQuerySet:
        """Verdicts for exports: in projects where blind review applies to ``user``, only their own."""
        from .visibility import blind_project_ids

        # A verdict carries its claim's project: no join with claims.
        return self.visible_to(user).exclude(Q(project_id__in=blind_project_ids(user)) & ~Q(reviewer=user))


class Verdict(models.Model):
    """One reviewer's assessment of one claim, versioned; every change is kept in ``HistoryEvent``.

    ``evidence`` is a list of ``{"url", "title", "excerpt", "stance"}`` items, validated by
    ``services.clean_evidence``.
    """

    # The claim's project, copied so that lists page through (project, id) without joining claims;
    # set by the services (and by ``save`` when missing), never changed (a claim never moves).
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="verdicts", db_index=False)
    # Indexed by the (claim, reviewer) unique constraint.
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts", db_index=False)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts")
    label = models.CharField(max_length=16, choices=Label.choices)
    rationale = models.TextField(blank=True)
    evidence = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["claim_id", "reviewer_id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "reviewer"], name="verdict_one_per_reviewer_per_claim"),
            models.CheckConstraint(condition=Q(label__in=Label.values), name="verdict_label_valid"),
            models.CheckConstraint(
                condition=Q(label=Label.UNVERIFIED) | ~Q(rationale=""),
                name="verdict_rationale_required_unless_unverified",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "id"], name="verdict_project_id"),
            # "Claims with a verdict of this label": an index probe per claim.
            models.Index(fields=["label", "claim"], name="verdict_label_claim"),
            # Covers the dashboard's and the agreement's aggregates (index-only scans).
            models.Index(fields=["claim", "reviewer", "label", "created_at"], name="verdict_claim_cover"),
        ]

    def __str__(self) -> str:
        return f"{self.label} by {self.reviewer} on claim {self.claim_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.project_id is None and self.claim_id is not None:
            self.project_id = Claim.objects.filter(pk=self.claim_id).values_list("project_id", flat=True).get()
        super().save(*args, **kwargs)


class HistoryQuerySet(models.QuerySet["HistoryEvent"]):
    def for_user(self, user: AnyUser) -> HistoryQuerySet:
        return self.filter(project_id__in=member_project_ids(user))

    def for_claim(self, claim_id: int) -> HistoryQuerySet:
        """Everything that happened to a claim and to its verdicts, oldest first."""
        return self.filter(claim_id=claim_id).order_by("created_at", "id")

    def deletions(self) -> HistoryQuerySet:
        """Tombstones: one row per deleted article, claim or verdict (not memberships: sync has no members)."""
        return self.filter(action=HistoryEvent.Action.DELETE, entity__in=SYNCED_ENTITIES)


# What /api/v1/deletions/ reports (membership history is kept for people, not for sync clients).
SYNCED_ENTITIES = ("article", "claim", "verdict", "rating", "decision")


class HistoryEvent(models.Model):
    """Append-only record of a change: who, when, what, old value → new value.

    Object ids are plain integers, not foreign keys, so a record outlives the object it describes
    (deletions are kept as tombstones for incremental sync).
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"

    class Entity(models.TextChoices):
        ARTICLE = "article", "Article"
        CLAIM = "claim", "Claim"
        VERDICT = "verdict", "Verdict"
        MEMBERSHIP = "membership", "Membership"
        RATING = "rating", "Rating item"
        DECISION = "decision", "Decision"
        CORRECTION = "correction", "Correction"
        COMMENT = "comment", "Comment"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="history")
    entity = models.CharField(max_length=16, choices=Entity.choices)
    action = models.CharField(max_length=16, choices=Action.choices)
    article_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    claim_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    verdict_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    decision_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(null=True, blank=True, help_text="Object version after the change")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True, help_text="Kept if the user is deleted")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=["create", "update", "delete"]), name="history_action_valid"),
            models.CheckConstraint(
                condition=Q(
                    entity__in=[
                        "article",
                        "claim",
                        "verdict",
                        "membership",
                        "rating",
                        "decision",
                        "correction",
                        "comment",
                    ]
                ),
                name="history_entity_valid",
            ),
        ]
        indexes = [models.Index(fields=["project", "action", "created_at"], name="history_project_action")]

    def __str__(self) -> str:
        return f"{self.actor_username or 'system'} {self.action} {self.entity} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("History is append-only: records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("History is append-only: records cannot be deleted.")

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """``(field, old, new)`` for every field that differs between ``before`` and ``after``."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
