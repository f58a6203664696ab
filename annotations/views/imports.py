"""Import by URL on the web: a textarea of URLs (editors and admins) and a job page that refreshes
itself while the background task works."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .. import services
from ..models import ImportJob, Membership, Role
from .common import member_project


class UrlImportForm(forms.Form):
    urls = forms.CharField(
        label="URLs of web articles",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80, "spellcheck": "false"}),
        help_text=f"One URL per line, up to {services.imports.MAX_URLS}. Each page is fetched in the background; "
        "the next page shows what became of each.",
    )

    def clean_urls(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        try:
            return services.clean_import_urls(lines)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


def _require_editor(membership: Membership) -> None:
    if not membership.has_role(Role.EDITOR):
        raise PermissionDenied("Importing articles needs the editor or admin role.")


@login_required
@require_http_methods(["GET", "POST"])
def article_import_url(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue URLs for import; on success go to the job's page."""
    project, membership = member_project(request, slug)
    _require_editor(membership)
    form = UrlImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = services.import_job_create(project=project, created_by=request.user, urls=form.cleaned_data["urls"])
        return redirect("annotations:import_job_detail", slug=project.slug, pk=job.pk)
    status = 400 if request.method == "POST" else 200
    context = {"project": project, "membership": membership, "form": form}
    return render(request, "annotations/article_import_url.html", context, status=status)


@login_required
def import_job_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Progress and the per-URL report of one import job (reloads itself until the job is done)."""
    project, membership = member_project(request, slug)
    jobs = ImportJob.objects.filter(project=project).prefetch_related("items__article__project")
    job = get_object_or_404(jobs, pk=pk)
    items = list(job.items.all())
    done = sum(1 for item in items if item.outcome != "pending")
    context = {
        "project": project,
        "membership": membership,
        "job": job,
        "items": items,
        "done": done,
        "total": len(items),
        "running": job.status != ImportJob.Status.DONE,
    }
    return render(request, "annotations/import_job_detail.html", context)
