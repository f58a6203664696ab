"""Cross-project access matrix: every URL route, with another project's ids, never lets anyone in.

Two projects each have an admin, an editor and a reviewer, plus an outsider who belongs to neither. The
test walks EVERY route of the URL resolver (recursively, the DRF router's routes included), fills each
route's path kwargs with project 2's objects (and, where a route names a project, also project 1's
project with project 2's object: the classic "my project, your claim" swap), and requests it with GET,
POST, PUT, PATCH and DELETE as the outsider and as project 1's admin and reviewer; project 1's forms
that name only the project are also POSTed with project 2's ids in the body. It asserts:

* no 2xx and no redirect except to a login page, for every route that names an object;
* no marker string planted in project 2's content (project name and description, article title and
  body, claim quote, statement and claimant, verdict rationale and evidence, member usernames, rating
  names and descriptions, decision explanations, correction notes, comment bodies, invited usernames,
  webhook URLs, delivery payloads, import job URLs) in any body: lists and exports included, each
  requested with and without ``?project=<project 2>`` (every router list is walked, so a new list
  endpoint is checked without a line here; the control below makes sure each one can fail);
* project 2's data (and its users' tokens) unchanged at the end;
* and, so that the ids are not nonsense, each route filled with project 1's own ids is not a 404 for
  project 1's admin (a superuser for admin-site routes).

**Adding a route?** If its path has a kwarg that the test cannot fill, the test FAILS naming the route.
Add ONE line: to ``KWARGS`` if the kwarg name means the same everywhere (``claim_id`` is always a claim),
or to ``ROUTE_KWARGS`` under the route's name if it does not (``pk`` is an article on one route and a
verdict on another). A model newly registered in the Django admin needs one line in ``ADMIN_OBJECTS``.
A route that is public by design (a capability link) goes in ``PUBLIC`` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import token_create
from annotations import services
from annotations.api_urls import router
from annotations.exports import FORMATS
from annotations.models import (
    Article,
    Assignment,
    Claim,
    Comment,
    Correction,
    Decision,
    Delivery,
    DeliveryAttempt,
    HistoryEvent,
    ImportItem,
    ImportJob,
    Invitation,
    Membership,
    Project,
    RatingItem,
    Role,
    UserPreference,
    Verdict,
    Webhook,
)
from annotations.tasks import import_job_run
from tests.conftest import make_user

MARK = "zqxmark"  # in every piece of project 2's content; searched for case-insensitively


@dataclass
class Side:
    """One project and one object of each kind in it."""

    project: Project
    admin: User
    editor: User
    reviewer: User
    article: Article
    claim: Claim
    verdict: Verdict
    token: ApiToken
    group: Group
    attempt: AccessAttempt
    access_log: AccessLog
    failure_log: AccessFailureLog
    rating: RatingItem
    decision: Decision
    correction: Correction
    comment: Comment
    assignment: Assignment
    invitation: Invitation
    webhook: Webhook
    delivery: Delivery
    delivery_attempt: DeliveryAttempt
    import_job: ImportJob
    preference: UserPreference
    task_result_id: str

    @property
    def membership(self) -> Membership:
        return Membership.objects.get(project=self.project, user=self.reviewer)

    @property
    def history_event(self) -> HistoryEvent:
        return HistoryEvent.objects.filter(project=self.project).first()


Filler = Callable[[Side], Any]

# kwarg name -> its value on one side, for kwargs that mean the same on every route.
KWARGS: dict[str, Filler] = {
    "slug": lambda s: s.project.slug,
    "project_pk": lambda s: s.project.pk,
    "claim_id": lambda s: s.claim.pk,
    "user_id": lambda s: s.reviewer.pk,  # a member of that project
    "username": lambda s: s.reviewer.username,
    "app_label": lambda s: "annotations",  # admin app index
    "content_type_id": lambda s: ContentType.objects.get_for_model(Article).pk,  # admin view_on_site
    "id": lambda s: s.reviewer.pk,  # admin: a user's password change
    "uidb64": lambda s: urlsafe_base64_encode(force_bytes(s.admin.pk)),
    "token": lambda s: "set-password",  # not a valid reset token: we never hold one
    "url": lambda s: "no-such-admin-page/",  # the admin's catch-all
    "rating_id": lambda s: s.rating.pk,
    "decision_id": lambda s: s.decision.pk,
    "comment_id": lambda s: s.comment.pk,
}

# route name -> kwarg -> value, where a kwarg name means different things on different routes.
ROUTE_KWARGS: dict[str, dict[str, Filler]] = {
    "api-project-detail": {"pk": lambda s: s.project.pk},
    "api-article-detail": {"pk": lambda s: s.article.pk},
    "api-claim-detail": {"pk": lambda s: s.claim.pk},
    "api-verdict-detail": {"pk": lambda s: s.verdict.pk},
    "api-token-detail": {"pk": lambda s: s.token.pk},
    "token_revoke": {"pk": lambda s: s.token.pk},
    "article_detail": {"pk": lambda s: s.article.pk},
    "claim_create": {"pk": lambda s: s.article.pk},
    "api-assignment-detail": {"pk": lambda s: s.assignment.pk},
    "api-comment-detail": {"pk": lambda s: s.comment.pk},
    "api-decision-detail": {"pk": lambda s: s.decision.pk},
    "api-decision-corrections": {"pk": lambda s: s.decision.pk},
    "api-decision-publish": {"pk": lambda s: s.decision.pk},
    "api-import-job-detail": {"pk": lambda s: s.import_job.pk},
    "api-rating-detail": {"pk": lambda s: s.rating.pk},
    "api-webhook-detail": {"pk": lambda s: s.webhook.pk},
    "api-webhook-deliveries": {"pk": lambda s: s.webhook.pk},
    "api-webhook-rotate-secret": {"pk": lambda s: s.webhook.pk},
    "api-webhook-redeliver": {"pk": lambda s: s.webhook.pk, "delivery_id": lambda s: s.delivery.pk},
    "annotations:import_job_detail": {"pk": lambda s: s.import_job.pk},
    "annotations:webhook_deliveries": {"pk": lambda s: s.webhook.pk},
    "annotations:webhook_action": {"pk": lambda s: s.webhook.pk},
    "assignment_done": {"pk": lambda s: s.assignment.pk},
    "assignment_remove": {"pk": lambda s: s.assignment.pk},
    "invitation_reissue": {"pk": lambda s: s.invitation.pk},
    "invitation_revoke": {"pk": lambda s: s.invitation.pk},
    # Public (see PUBLIC): tried with a token that is not the invitation's, as an outsider would guess.
    "invitation_accept": {"token": lambda s: "not-the-invitation-token-0123456789abcdef"},
}

# "app.model" -> the object of that model that the admin site's ``object_id`` routes get.
ADMIN_OBJECTS: dict[str, Filler] = {
    "annotations.project": lambda s: s.project.pk,
    "annotations.membership": lambda s: s.membership.pk,
    "annotations.article": lambda s: s.article.pk,
    "annotations.claim": lambda s: s.claim.pk,
    "annotations.verdict": lambda s: s.verdict.pk,
    "annotations.historyevent": lambda s: s.history_event.pk,
    "accounts.apitoken": lambda s: s.token.pk,
    "auth.user": lambda s: s.reviewer.pk,
    "auth.group": lambda s: s.group.pk,
    "axes.accessattempt": lambda s: s.attempt.pk,
    "axes.accesslog": lambda s: s.access_log.pk,
    "axes.accessfailurelog": lambda s: s.failure_log.pk,
    "annotations.ratingitem": lambda s: s.rating.pk,
    "annotations.decision": lambda s: s.decision.pk,
    "annotations.correction": lambda s: s.correction.pk,
    "annotations.comment": lambda s: s.comment.pk,
    "annotations.assignment": lambda s: s.assignment.pk,
    "annotations.invitation": lambda s: s.invitation.pk,
    "annotations.webhook": lambda s: s.webhook.pk,
    "annotations.delivery": lambda s: s.delivery.pk,
    "annotations.deliveryattempt": lambda s: s.delivery_attempt.pk,
    "annotations.importjob": lambda s: s.import_job.pk,
    "annotations.importitem": lambda s: s.import_job.items.get().pk,
    "annotations.userpreference": lambda s: s.preference.pk,
    "django_tasks_database.dbtaskresult": lambda s: s.task_result_id,
}

# Kwargs that name a project: also tried with the caller's own project around the foreign object.
CONTAINER_KWARGS = {"slug", "project_pk"}

# Routes that answer without any session by design, with why; only their bodies are checked.
PUBLIC = {
    "password_reset_confirm": "a capability link: the emailed token, not the session, grants access",
    "invitation_accept": "a capability link: the invitation's token, not the session, grants access",
    "healthz": "a liveness probe for the load balancer: says only that the process answers",
    "readyz": "a readiness probe for the load balancer: says only whether the database answers",
}

# Query strings tried on routes without kwargs (lists, exports): {project} etc. are project 2's ids.
QUERIES = ["", "?project={project}", "?article={article}", "?claim={claim}"]
ROUTE_QUERIES: dict[str, list[str]] = {
    "export_verdicts": [f"?format={name}" for name in FORMATS]
    + [f"?format={name}&project={{project}}" for name in FORMATS],
    "api-article-import-": ["?project={project}"],
    "schema": [""],  # the OpenAPI document (slow to build, and it takes no filters)
}

METHODS = ("get", "post", "put", "patch", "delete")
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


@dataclass
class Route:
    key: str  # the route's name, or its pattern when it has none
    pattern: str  # the full pattern, for messages
    parts: list[Any]  # the pattern objects from the root down to this route
    kwargs: list[str]


def walk(patterns: list[Any], parents: list[Any] | None = None, namespace: str = "") -> Iterator[Route]:
    """Every route under ``patterns``, recursively."""
    parents = parents or []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace]))
            yield from walk(entry.url_patterns, [*parents, entry.pattern], ns)
        elif isinstance(entry, URLPattern):
            parts = [*parents, entry.pattern]
            full = "".join(str(p) for p in parts)
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else ""
            kwargs = re.findall(r"\(\?P<(\w+)>", full) + re.findall(r"(?<!\?P)<(?:\w+:)?(\w+)>", full)
            yield Route(name or full, full, parts, kwargs)


def build_url(route: Route, values: dict[str, Any]) -> str:
    """The path of ``route`` with ``values`` in its kwargs (route and regex patterns alike)."""
    url = route.pattern
    for name, value in values.items():
        url = re.sub(rf"\(\?P<{name}>(?:[^()]|\([^()]*\))*\)", str(value), url)
        url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
    return "/" + url.replace("^", "").replace("$", "")


def admin_model(route: Route) -> str | None:
    match = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    return f"{match[1]}.{match[2]}" if match else None


def filler(route: Route, kwarg: str) -> Filler | None:
    if kwarg in ROUTE_KWARGS.get(route.key, {}):
        return ROUTE_KWARGS[route.key][kwarg]
    if kwarg == "object_id":
        model = admin_model(route) or ("annotations.article" if route.key == "admin:view_on_site" else None)
        return ADMIN_OBJECTS.get(model or "")
    return KWARGS.get(kwarg)


def fill(route: Route, side: Side) -> dict[str, Any]:
    values = {}
    for kwarg in route.kwargs:
        how = filler(route, kwarg)
        if how is None:
            pytest.fail(f"Route {route.key} ({route.pattern}): add its kwarg {kwarg!r} to KWARGS or ROUTE_KWARGS")
        values[kwarg] = how(side)
    return values


def body_of(response: HttpResponse) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def make_side(n: int, mark: str) -> Side:
    admin = make_user(f"{mark}admin{n}")
    project = services.project_create(
        name=f"Desk {n} {mark}", slug=f"desk-{n}", created_by=admin, description=f"About {mark} things"
    )
    editor, reviewer = make_user(f"{mark}editor{n}"), make_user(f"{mark}reviewer{n}")
    services.membership_set(project=project, user=editor, role=Role.EDITOR, actor=admin)
    services.membership_set(project=project, user=reviewer, role=Role.REVIEWER, actor=admin)
    article = services.article_create(
        project=project,
        imported_by=admin,
        title=f"Title {mark} {n}",
        body=f"Opening line. The {mark} quote number {n} is here. Closing line.",
        source=f"Source {mark}",
        author=f"Author {mark}",
    )
    claim = services.claim_create(
        article=article, created_by=reviewer, quote=f"{mark} quote number {n}", statement=f"Statement {mark}"
    )
    verdict = services.verdict_create(
        claim=claim,
        reviewer=reviewer,
        label="disputed",
        rationale=f"Rationale {mark}",
        evidence=[{"url": "https://example.org/e", "title": f"Evidence {mark}"}],
    )
    token, _ = token_create(user=admin, name=f"token {n}")
    ip = f"10.0.0.{n}"
    rating = services.rating_create(
        project=project,
        actor=admin,
        name=f"Rating {mark} {n}",
        verdict="disputed",
        value=2,
        description=f"Describes {mark}",
    )
    decision = services.decision_create(claim=claim, actor=editor, rating=rating, explanation=f"Explains {mark}")
    decision = services.decision_publish(decision=decision, actor=admin, expected_version=decision.version)
    correction = services.correction_create(
        decision=decision, actor=admin, kind="clarification", note=f"Note {mark}", expected_version=decision.version
    )
    decision.refresh_from_db()
    invitation, _ = services.invitation_create(
        project=project, actor=admin, username=f"{mark}invitee{n}", role="reviewer", email=f"{mark}{n}@example.org"
    )
    webhook, _ = services.webhook_create(
        project=project, actor=admin, url=f"https://hooks.example.org/{mark}/{n}", events=["claim.created"]
    )
    # A delivery and its attempt as the worker leaves them (the fixture makes no HTTP request).
    delivery = Delivery.objects.create(webhook=webhook, event="claim.created", payload={"quote": f"{mark} payload"})
    attempt = DeliveryAttempt.objects.create(
        delivery=delivery, number=1, started_at=delivery.created_at, duration_ms=5, error=f"Refused {mark}"
    )
    import_job = services.import_job_create(
        project=project, created_by=admin, urls=[f"https://news.example.org/{mark}/{n}"]
    )  # (its fetch is queued on commit, which a test transaction never reaches)
    task_result = import_job_run.using(backend="database").enqueue(import_job.pk)
    return Side(
        project=project,
        admin=admin,
        editor=editor,
        reviewer=reviewer,
        article=article,
        claim=claim,
        verdict=verdict,
        token=token,
        group=Group.objects.create(name=f"group {n}"),
        attempt=AccessAttempt.objects.create(username=admin.username, ip_address=ip, failures_since_start=1),
        access_log=AccessLog.objects.create(username=admin.username, ip_address=ip),
        failure_log=AccessFailureLog.objects.create(username=admin.username, ip_address=ip),
        rating=rating,
        decision=decision,
        correction=correction,
        comment=services.comment_create(claim=claim, author=reviewer, body=f"Comment {mark}"),
        assignment=services.assignment_create(article=article, reviewer=reviewer, actor=admin),
        invitation=invitation,
        webhook=webhook,
        delivery=delivery,
        delivery_attempt=attempt,
        import_job=import_job,
        preference=UserPreference.objects.create(user=reviewer, single_key_shortcuts=False),
        task_result_id=str(task_result.id),
    )


def fingerprint(side: Side) -> dict[str, Any]:
    """Everything about project 2 that a request from outside must not change."""
    project = side.project
    return {
        "project": list(Project.objects.filter(pk=project.pk).values()),
        "members": sorted(Membership.objects.filter(project=project).values_list("user_id", "role")),
        "articles": list(Article.objects.filter(project=project).values()),
        "claims": list(Claim.objects.filter(project=project).values()),
        "verdicts": list(Verdict.objects.filter(claim__project=project).values()),
        "history": HistoryEvent.objects.filter(project=project).count(),
        "ratings": list(RatingItem.objects.filter(project=project).values()),
        "decisions": list(Decision.objects.filter(project=project).values()),
        "corrections": list(Correction.objects.filter(project=project).values()),
        "comments": list(Comment.objects.filter(project=project).values()),
        "assignments": list(Assignment.objects.filter(project=project).values()),
        "invitations": list(Invitation.objects.filter(project=project).values()),
        "webhooks": list(Webhook.objects.filter(project=project).values()),
        "deliveries": list(Delivery.objects.filter(webhook__project=project).values()),
        "import_jobs": list(ImportJob.objects.filter(project=project).values()),
        "import_items": list(ImportItem.objects.filter(job__project=project).values()),
        "preference": list(UserPreference.objects.filter(user=side.reviewer).values()),
        "tokens": sorted(ApiToken.objects.filter(user__in=[side.admin, side.editor, side.reviewer]).values_list("pk")),
    }


def request_body(route: Route, foreign: Side, user: User) -> dict[str, Any]:
    """A body naming project 2's objects, with the fields that the create endpoints and forms read."""
    p = foreign.project.pk
    if route.key == "api-article-import-":  # articles as a list; URLs to fetch as {"project", "urls"}
        return {"_list": [{"title": "x", "body": "y"}], "_post2": {"project": p, "urls": ["https://example.org/a"]}}
    if route.key == "api-article-list":
        return {"project": foreign.project.pk, "title": "Injected", "body": "Injected body."}
    if route.key == "api-claim-list":
        return {"article": foreign.article.pk, "quote": "Opening line"}
    if route.key == "api-verdict-list":
        return {"claim": foreign.claim.pk, "label": "unverified"}
    if route.key in ("api-member-list", "project_members"):
        return {"username": user.username, "role": "admin"}
    if route.key == "api-assignment-list":
        return {"article": foreign.article.pk, "reviewer": foreign.reviewer.username}
    if route.key == "api-comment-list":
        return {"claim": foreign.claim.pk, "body": "Injected"}
    if route.key == "api-rating-list":
        return {"project": p, "name": "Injected", "verdict": "disputed", "value": 1}
    if route.key == "api-decision-list":
        return {"claim": foreign.claim.pk, "rating": foreign.rating.pk, "explanation": "Injected"}
    if route.key == "api-webhook-list":
        return {"project": p, "url": "https://example.org/hook", "events": ["claim.created"]}
    return {
        "role": "admin",
        "action": "remove",
        "label": "unverified",
        "rationale": "",
        "quote": "Opening line",
        "statement": "Injected",
        "name": "Injected",
        "version": "1",
        # Project 2's objects, for the forms of your own project that pick them (see own_urls below).
        "article": foreign.article.pk,
        "articles": [foreign.article.pk],
        "reviewers": [foreign.reviewer.pk],
        "claim": foreign.claim.pk,
        "rating": foreign.rating.pk,
        "explanation": "Injected",
        "urls": f"https://example.org/{foreign.article.pk}",
    }


@pytest.fixture
def world(db) -> tuple[Side, Side, User]:
    own, foreign = make_side(1, "own"), make_side(2, MARK)
    outsider = make_user("oscar-outsider")
    services.project_create(name="Outsider desk", created_by=outsider)
    return own, foreign, outsider


def routes() -> list[Route]:
    return list(walk(get_resolver().url_patterns))


def test_every_route_kwarg_can_be_filled():
    missing = sorted({f"{r.key} ({r.pattern}): {k}" for r in routes() for k in r.kwargs if filler(r, k) is None})
    assert not missing, "Add these to KWARGS / ROUTE_KWARGS / ADMIN_OBJECTS in this test:\n" + "\n".join(missing)


def test_the_walk_covers_every_drf_router_route():
    walked = {r.key for r in routes()}
    assert {u.name for u in router.urls} <= walked


def test_filled_urls_resolve_to_their_own_route(world):
    own, _, _ = world
    for route in routes():
        if all(filler(route, k) for k in route.kwargs):
            url = build_url(route, fill(route, own))
            assert resolve(url).route.replace("^", "") == route.pattern.replace("^", ""), (route.key, url)


def test_each_route_filled_with_your_own_ids_is_found(world):
    """The control: the fillers produce real ids, so the 404s below mean refusal, not nonsense."""
    own, _, _ = world
    superuser = User.objects.create_superuser("root", "root@example.org", "pw-not-used-here")
    for route in routes():
        if not route.kwargs or route.key in PUBLIC or route.pattern.startswith("admin/(?P<url>"):
            continue  # (the admin's catch-all is a 404 by definition)
        client = APIClient()
        client.force_login(superuser if route.pattern.startswith("admin/") else own.admin)
        url = build_url(route, fill(route, own))
        response = client.get(url)
        assert response.status_code != 404, f"{route.key}: {url} is 404 with the project's own ids"


# Router lists whose rows carry no planted text: tombstones (ids only), the caller's own API tokens.
LISTS_WITHOUT_MARKER = {"api-deletion-list", "api-token-list"}


def test_the_body_check_can_fail_each_list_shows_project_2_its_markers(world):
    """The control for the body check: project 2's own admin sees the planted markers in every router list."""
    _, foreign, _ = world
    client = APIClient()
    client.force_login(foreign.admin)
    lists = {u.name for u in router.urls if u.name.endswith("-list")} - LISTS_WITHOUT_MARKER
    assert {"api-decision-list", "api-comment-list", "api-webhook-list", "api-rating-list"} <= lists
    unmarked = [name for name in sorted(lists) if MARK not in body_of(client.get(reverse(name))).lower()]
    assert not unmarked, f"These lists do not show project 2's markers to its admin: {unmarked}"


def test_the_create_bodies_are_accepted_from_project_2s_own_admin(world):
    """The control for the writes: the bodies the walk sends are valid, so refusing them means refusal.

    (A 409 says the body was understood and names an object that exists already: the fixture's.)
    """
    _, foreign, _ = world
    client = APIClient()
    client.force_login(foreign.admin)
    creates = ["api-assignment-list", "api-comment-list", "api-rating-list", "api-decision-list", "api-webhook-list"]
    for name in creates:
        body = request_body(Route(name, "", [], []), foreign, foreign.admin)
        response = client.post(reverse(name), body, format="json")
        assert response.status_code in (201, 409), (name, response.status_code, body_of(response))
    body = request_body(Route("api-article-import-", "", [], []), foreign, foreign.admin)
    response = client.post(reverse("api-article-import-"), body["_post2"], format="json")
    assert response.status_code in (201, 202), body_of(response)


PERSONAS = ("outsider", "own_admin", "own_reviewer")


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_route_lets_anyone_reach_or_see_another_projects_data(world, persona):
    own, foreign, outsider = world
    user = {"outsider": outsider, "own_admin": own.admin, "own_reviewer": own.reviewer}[persona]
    before = fingerprint(foreign)
    ids = {"project": foreign.project.pk, "article": foreign.article.pk, "claim": foreign.claim.pk}
    problems: list[str] = []

    for route in routes():
        variants: list[dict[str, Any]] = []
        if route.kwargs:
            variants.append(fill(route, foreign))
            if set(route.kwargs) & CONTAINER_KWARGS and set(route.kwargs) - CONTAINER_KWARGS:
                mixed = fill(route, foreign)
                mixed.update({k: v for k, v in fill(route, own).items() if k in CONTAINER_KWARGS})
                variants.append(mixed)
            urls = [build_url(route, values) for values in variants]
        else:
            queries = ROUTE_QUERIES.get(route.key, QUERIES)
            urls = [build_url(route, {}) + q.format(**ids) for q in queries]
        # "My project, your objects in the body": your own project's forms POSTed with project 2's ids.
        own_urls = []
        if route.kwargs and set(route.kwargs) <= CONTAINER_KWARGS and persona != "outsider":
            own_urls = [build_url(route, fill(route, own))]
        client = APIClient()
        client.force_login(user)
        for i, url in enumerate(urls):
            # Writes once per route (and per kwargs variant); reads with every query string too.
            body = request_body(route, foreign, user)
            methods = METHODS if route.kwargs or i == 0 else ("get",)
            if i == 0 and "_post2" in body:
                methods = (*methods, "post2")  # the route's second kind of POST body
            for method in methods:
                if "logout" in route.key:
                    client.force_login(user)  # again: the previous request ended the session
                if method == "get":
                    response = client.get(url)
                elif method == "post2":
                    response = client.post(url, body["_post2"], format="json")
                elif "_list" in body:
                    response = getattr(client, method)(url, body["_list"], format="json")
                else:
                    response = getattr(client, method)(
                        url, body, format="json" if url.startswith("/api/") else "multipart"
                    )
                where = f"{persona} {method.upper()} {url} ({route.key})"
                text = body_of(response)
                if MARK in text.lower():
                    problems.append(f"{where}: project 2's data in the body")
                if not route.kwargs or route.key in PUBLIC:
                    continue
                status = response.status_code
                if 200 <= status < 300:
                    problems.append(f"{where}: {status} on another project's object")
                elif 300 <= status < 400 and not response.get("Location", "").startswith(LOGIN_PATHS):
                    problems.append(f"{where}: {status} redirect to {response.get('Location')}")
        for url in own_urls:
            response = client.post(url, request_body(route, foreign, user), format="multipart")
            if MARK in body_of(response).lower():
                problems.append(f"{persona} POST {url} ({route.key}) with project 2's ids: its data in the body")

    assert not problems, "\n".join(problems)
    assert fingerprint(foreign) == before
