"""python manage.py import_articles PATH_OR_URL... --project SLUG [--user NAME] [--title T] ...

URLs (http:// or https://) are fetched through the egress client and extracted with trafilatura, the
same way the background import-by-URL task does it, but in this process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from annotations import services
from annotations.importing import FORMATS, KNOWN_SUFFIXES, FileRejected, parse_file
from annotations.models import ImportItem, ImportJob, Project


class RollBack(Exception):
    """Raised inside a file's transaction to undo everything that file imported."""


class Command(BaseCommand):
    help = (
        "Import articles from plain-text, JSON, JSON Lines or HTML files into a project (created if missing). "
        "Each file is imported whole or not at all; duplicates of articles already in the project are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", help="Files, folders to import every known file from, or http(s) URLs of web articles"
        )
        parser.add_argument("--project", required=True, help="Project slug (the project is created if missing)")
        parser.add_argument("--project-name", default="", help="Name for a new project (default: the slug)")
        parser.add_argument(
            "--user",
            default="",
            help="Import as this user, who must be an editor or admin of an existing project (and becomes admin of "
            "a new one). Without it the import runs as the system actor: no importer is recorded.",
        )
        parser.add_argument("--format", choices=FORMATS, default="auto", help="File format (default: by extension)")
        parser.add_argument("--title", default="", help="Title for a single text or HTML file (overrides the guess)")
        parser.add_argument("--source", default="", help="Outlet name for articles that do not give one")
        parser.add_argument("--url", default="", help="URL for a single text file")
        parser.add_argument("--language", default="", help="Language tag for articles that do not give one (e.g. en)")
        parser.add_argument("--original-language", default="", help="Original language of translated articles")
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help=f"Refuse larger files (default: IMPORT_MAX_BYTES = {settings.VERIFIER_IMPORT_MAX_BYTES} bytes)",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        urls = [p for p in options["paths"] if p.lower().startswith(("http://", "https://"))]
        paths = [Path(p) for p in options["paths"] if p not in urls]
        files = self._expand(paths) if paths or not urls else []
        if (options["title"] or options["url"]) and len(files) != 1:
            raise CommandError("--title and --url apply to one file only.")
        user = self._user(options["user"])
        project = self._project(options["project"], options["project_name"], user)
        actor: services.Actor = user if user is not None else services.SYSTEM
        max_bytes = options["max_bytes"] or settings.VERIFIER_IMPORT_MAX_BYTES
        defaults = {
            "source": options["source"],
            "language": options["language"],
            "original_language": options["original_language"],
        }
        overrides = {k: options[k] for k in ("title", "url") if options[k]}

        imported = duplicates = 0
        report: list[str] = []
        rejected: list[tuple[Path | str, str]] = []
        bar = tqdm(files, unit="file", disable=options["no_progress"] or len(files) < 2, file=self.stderr._out)
        for path in bar:
            try:
                parsed = parse_file(path, fmt=options["format"], max_bytes=max_bytes, defaults=defaults)
                if overrides:
                    if parsed.format not in ("text", "html"):
                        raise FileRejected("--title and --url apply to text and HTML files only")
                    parsed.items[0].update(overrides)
                results = self._import_file(project, parsed.items, actor)
            except FileRejected as exc:
                rejected.append((path, str(exc)))
                continue
            for result in results:
                if result.outcome == "created" and result.article is not None:
                    imported += 1
                    report.append(f"  imported  {path}: #{result.article.pk} “{result.article.title}”")
                else:
                    duplicates += 1
                    report.append(f"  duplicate {path}: {result.message}")

        if urls:
            for item in self._import_urls(project, urls, user):
                if item.outcome == "created":
                    imported += 1
                    report.append(f"  imported  {item.url}: {item.message}")
                elif item.outcome == "duplicate":
                    duplicates += 1
                    report.append(f"  duplicate {item.url}: {item.message}")
                else:
                    rejected.append((item.url, item.message))
        files = [*files, *urls]

        for line in report:
            self.stdout.write(line)
        for path, reason in rejected:
            self.stdout.write(self.style.ERROR(f"  rejected  {path}: {reason}"))
        summary = (
            f"{imported} imported, {duplicates} duplicate{'s' if duplicates != 1 else ''}, "
            f"{len(rejected)} file{'s' if len(rejected) != 1 else ''} rejected into project “{project.slug}”."
        )
        if rejected:
            self.stdout.write(self.style.WARNING(summary))
            raise CommandError(f"{len(rejected)} of {len(files)} file(s) rejected; see above.")
        self.stdout.write(self.style.SUCCESS(summary))

    @staticmethod
    def _import_urls(project: Project, urls: list[str], user: User | None) -> list[ImportItem]:
        """Fetch and import each URL now, recording the run as an import job like the web and API do."""
        job = ImportJob.objects.create(project=project, created_by=user)
        items = [ImportItem.objects.create(job=job, position=i, url=url) for i, url in enumerate(urls)]
        for item in items:
            services.import_item_fetch(job=job, item=item)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, finished_at=timezone.now())
        return items

    def _import_file(self, project: Project, items: list[Any], actor: services.Actor) -> list[services.ImportResult]:
        """Import every article of one file, or none of them."""
        try:
            with transaction.atomic():
                results = services.article_import(project=project, items=items, imported_by=actor)
                bad = [r for r in results if r.outcome == "rejected"]
                if bad:
                    raise RollBack("; ".join(self._describe(r, len(items)) for r in bad))
        except RollBack as exc:
            raise FileRejected(str(exc)) from None
        except PermissionDenied as exc:  # the service's rule: editors and admins import
            who = actor if isinstance(actor, services.SystemActor) else actor.get_username()
            raise CommandError(f"{exc} (--user {who})") from None
        return results

    @staticmethod
    def _describe(result: services.ImportResult, count: int) -> str:
        where = f"article {result.index + 1}: " if count > 1 else ""
        return where + result.message

    @staticmethod
    def _expand(paths: list[Path]) -> list[Path]:
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES))
            elif path.exists():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder.")
        if not files:
            raise CommandError("No files to import.")
        return files

    @staticmethod
    def _user(username: str) -> User | None:
        if not username:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named “{username}”.") from None

    def _project(self, slug: str, name: str, user: User | None) -> Project:
        project = Project.objects.filter(slug=slug).first()
        if project is not None:
            return project
        try:
            project = services.project_create(name=name or slug, slug=slug, created_by=user)
        except ValidationError as exc:
            raise CommandError(f"Cannot create project “{slug}”: {' '.join(exc.messages)}") from None
        self.stdout.write(f"Created project “{project.slug}”.")
        return project
