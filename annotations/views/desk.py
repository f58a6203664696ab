"""Starting a desk in the browser: a new project, its settings, adding articles."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from .. import services
from ..desk_forms import ArticlePasteForm, ArticleUploadForm, ProjectCreateForm, ProjectSettingsForm
from ..forms import add_service_errors
from ..importing import FileRejected, parse_file
from ..models import Project, Role
from .common import member_project


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    """Any signed-in user creates a project and becomes its admin."""
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                name=data["name"],
                description=data["description"],
                language=data["language"],
                slug=data["slug"],
                created_by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Project “{project.name}” created: you are its admin.")
            return redirect(project.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "annotations/project_new.html", {"form": form}, status=status)


def _stamp(project: Project) -> str:
    return project.updated_at.isoformat()


@login_required
@require_http_methods(["GET", "POST"])
def project_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Admins rename and describe the project and set its review rules."""
    project, membership = member_project(request, slug)
    if not membership.has_role(Role.ADMIN):
        raise PermissionDenied("Only admins change a project's settings.")
    initial = {
        "name": project.name,
        "description": project.description,
        "language": project.language,
        "reviews_required": project.reviews_required,
        "blind_review": project.blind_review,
        "loaded_at": _stamp(project),
    }
    conflict = False
    if request.method == "GET":
        form = ProjectSettingsForm(initial=initial)
    else:
        form = ProjectSettingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if data["loaded_at"] and data["loaded_at"] != _stamp(project):
                # Changed by someone else since this form was loaded: keep what was typed, ask first.
                conflict = True
                posted = request.POST.copy()
                posted["loaded_at"] = _stamp(project)
                form = ProjectSettingsForm(posted)
                form.is_valid()
            else:
                try:
                    services.project_update(
                        project=project,
                        actor=request.user,
                        name=data["name"],
                        description=data["description"],
                        language=data["language"],
                        reviews_required=data["reviews_required"],
                        blind_review=data["blind_review"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, "Settings saved.")
                    return redirect("project_settings", slug=project.slug)
    status = 409 if conflict else (400 if request.method == "POST" else 200)
    context = {"project": project, "membership": membership, "form": form, "conflict": conflict}
    return render(request, "annotations/project_settings.html", context, status=status)


def url_import_link(project: Project) -> str | None:
    """The "From a URL" page (built on another branch), if it exists in this installation."""
    try:
        return reverse("annotations:article_import_url", args=[project.slug])
    except NoReverseMatch:
        try:
            return reverse("article_import_url", args=[project.slug])
        except NoReverseMatch:
            return None


def _report_row(name: str, result: services.ImportResult | None, error: str = "") -> dict[str, Any]:
    if result is None:
        return {"file": name, "outcome": "rejected", "message": error}
    return {
        "file": name,
        "item": result.index + 1,
        "outcome": result.outcome,
        "article": result.article,
        "message": result.message,
    }


def _import_upload(project: Project, actor: Any, upload: Any, defaults: dict[str, str]) -> list[dict[str, Any]]:
    name = Path(upload.name or "upload").name
    max_bytes = settings.VERIFIER_IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        return [_report_row(name, None, f"the file is {upload.size:,} bytes, over the {max_bytes:,}-byte limit")]
    # parse_file reads a path (as import_articles does): the upload goes to a temporary file first.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("upload" + Path(name).suffix.lower()[:16])  # the suffix picks the format
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            parsed = parse_file(path, fmt="auto", max_bytes=max_bytes, defaults=defaults)
        except FileRejected as exc:
            return [_report_row(name, None, str(exc))]
    results = services.article_import_file(project=project, actor=actor, items=parsed.items)
    return [_report_row(name, r) for r in results]


@login_required
@require_http_methods(["GET", "POST"])
def article_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Editors and admins add articles: paste one, or upload files; a report per item."""
    project, membership = member_project(request, slug)
    if not membership.has_role(Role.EDITOR):
        raise PermissionDenied("Only editors and admins add articles.")
    paste = ArticlePasteForm(initial={"language": project.language})
    upload = ArticleUploadForm(initial={"language": project.language})
    report: list[dict[str, Any]] = []
    status, active = 200, "paste"
    if request.method == "POST" and request.POST.get("how") == "upload":
        active = "upload"
        upload = ArticleUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            defaults = {"language": upload.cleaned_data["language"], "source": upload.cleaned_data["source"]}
            for f in upload.cleaned_data["files"]:
                report.extend(_import_upload(project, request.user, f, defaults))
            # The report (one row per article, rejected files included) is the answer: 200.
        else:
            status = 400
    elif request.method == "POST":
        paste = ArticlePasteForm(request.POST)
        if paste.is_valid():
            try:
                article = services.article_add(project=project, actor=request.user, **paste.cleaned_data)
            except services.DuplicateArticle as exc:
                report = [{"file": "", "outcome": "duplicate", "article": exc.existing, "message": str(exc)}]
                status = 409
            except ValidationError as exc:
                add_service_errors(paste, exc)
                status = 400
            else:
                messages.success(request, f"Article added: “{article.title}”.")
                return redirect(article.get_absolute_url())
        else:
            status = 400
    context = {
        "project": project,
        "membership": membership,
        "paste_form": paste,
        "upload_form": upload,
        "report": report,
        "active": active,
        "url_import": url_import_link(project),
        "max_bytes": settings.VERIFIER_IMPORT_MAX_BYTES,
    }
    return render(request, "annotations/article_add.html", context, status=status)
