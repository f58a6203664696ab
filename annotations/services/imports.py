"""Import by URL: an editor's request becomes a job; a background task fetches each URL through the
egress client, extracts the article with trafilatura and creates it with ``article_create``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .. import egress
from ..models import ImportItem, ImportJob, Project, Role
from ..models.core import AnyUser
from .articles import article_create
from .common import SYSTEM, DuplicateArticle, _require_role, signed_in

MAX_URLS = 50
MAX_URL_LENGTH = 2000


def clean_import_urls(urls: Any) -> list[str]:
    """1 to ``MAX_URLS`` http(s) URLs as text; whether each may be fetched is decided when it is fetched."""
    if not isinstance(urls, list | tuple) or not urls:
        raise ValidationError({"urls": ["Give a list of one or more URLs."]})
    if len(urls) > MAX_URLS:
        raise ValidationError({"urls": [f"At most {MAX_URLS} URLs per request (got {len(urls)})."]})
    cleaned, problems = [], []
    for position, url in enumerate(urls, start=1):
        if not isinstance(url, str) or not url.strip():
            problems.append(f"Item {position}: must be a URL as text.")
            continue
        url = url.strip()
        if len(url) > MAX_URL_LENGTH:
            problems.append(f"Item {position}: longer than {MAX_URL_LENGTH} characters.")
        elif not url.lower().startswith(("http://", "https://")):
            problems.append(f"Item {position}: only http:// and https:// URLs can be imported.")
        else:
            cleaned.append(url)
    if problems:
        raise ValidationError({"urls": problems})
    return cleaned


@transaction.atomic
def import_job_create(*, project: Project, created_by: AnyUser, urls: Sequence[Any]) -> ImportJob:
    """Queue the import of ``urls`` into ``project`` (editors and admins); the fetch runs in the background."""
    _require_role(created_by, project, Role.EDITOR)
    cleaned = clean_import_urls(urls)
    job = ImportJob.objects.create(project=project, created_by=signed_in(created_by))
    ImportItem.objects.bulk_create(ImportItem(job=job, position=i, url=url) for i, url in enumerate(cleaned))
    from ..tasks import import_job_run

    transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    return job


def import_job_process(*, job_id: int) -> ImportJob | None:
    """Fetch every pending URL of the job (idempotent: items already done are left alone)."""
    job = ImportJob.objects.select_related("project", "created_by").filter(pk=job_id).first()
    if job is None:
        return None
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    for item in job.items.filter(outcome=ImportItem.Outcome.PENDING).order_by("position"):
        import_item_fetch(job=job, item=item)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def import_item_fetch(*, job: ImportJob, item: ImportItem) -> ImportItem:
    """Fetch one URL and import what it holds; record created / duplicate / refused with the reason."""
    from ..importing import FileRejected, parse_html

    fetched_at = timezone.now()
    item.fetched_at = fetched_at
    try:
        response = egress.fetch(item.url)
        item.final_url = response.final_url
        if response.status_code >= 400:
            raise FileRejected(f"the server answered HTTP {response.status_code}")
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in ("text/html", "application/xhtml+xml", ""):
            raise FileRejected(f"not an HTML page (Content-Type: {content_type})")
        fields = parse_html(response.text)
        fields["url"] = response.url  # as asked for, without any user:password
        with transaction.atomic():
            article = article_create(
                project=job.project,
                # The CLI without --user records no importer (the system actor); the role was checked
                # when the job was created and is checked again here.
                imported_by=job.created_by or SYSTEM,
                fetched_at=fetched_at,
                final_url=response.final_url,
                **fields,
            )
    except egress.EgressError as exc:
        item.outcome, item.message = ImportItem.Outcome.REFUSED, str(exc)
    except PermissionDenied as exc:  # the job's creator is no longer an editor of the project
        item.outcome, item.message = ImportItem.Outcome.REFUSED, f"Refused: {exc}"
    except FileRejected as exc:
        item.outcome, item.message = ImportItem.Outcome.REFUSED, f"Refused: {exc}."
    except DuplicateArticle as exc:
        item.outcome, item.message, item.article = ImportItem.Outcome.DUPLICATE, str(exc), exc.existing
    except ValidationError as exc:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        detail = "; ".join(f"{k}: {' '.join(v)}" if k else " ".join(v) for k, v in messages.items())
        item.outcome, item.message = ImportItem.Outcome.REFUSED, f"Refused: {detail}"
    else:
        item.outcome, item.article = ImportItem.Outcome.CREATED, article
        item.message = f"Imported as article #{article.pk} “{article.title}”."
    item.save(update_fields=["outcome", "message", "article", "final_url", "fetched_at"])
    return item
