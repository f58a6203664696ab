"""Django admin for every model: list columns, search, filters, and the history read-only.

Models whose writes go through a service (history rows, webhooks, four-eyes, tokens) are shown read-only
here; secrets (a webhook's signing secret, an invitation's token hash) are never displayed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from .models import (
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
    UserPreference,
    Verdict,
    Webhook,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "member_count", "created_by", "created_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [MembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("created_by").annotate(_members=Count("memberships"))

    @admin.display(description="members", ordering="_members")
    def member_count(self, obj: Project) -> int:
        members: int = obj._members  # type: ignore[attr-defined]  # annotated by get_queryset
        return members


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role", "created_at"]
    list_filter = ["role", "project"]
    search_fields = ["user__username", "project__name"]
    list_select_related = ["user", "project"]
    autocomplete_fields = ["user", "project"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "source", "language", "published_at", "imported_by", "created_at"]
    list_filter = ["project", "language", "source"]
    search_fields = ["title", "body", "url", "source", "author"]
    list_select_related = ["project", "imported_by"]
    date_hierarchy = "created_at"
    readonly_fields = ["body_sha256", "imported_by", "created_at", "updated_at"]
    # The body is the ground truth for every claim's offsets: it is shown, never edited here.
    fields = [
        "project",
        "title",
        "source",
        "url",
        "author",
        "published_at",
        "language",
        "original_language",
        "original_url",
        "body",
        "body_sha256",
        "imported_by",
        "created_at",
        "updated_at",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str] | tuple[str, ...]:
        return [*self.readonly_fields, "project", "body"] if obj else self.readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # articles come in through the import command, the web app or the API


class VerdictInline(admin.TabularInline):
    model = Verdict
    extra = 0
    fields = ["reviewer", "label", "rationale", "version", "updated_at"]
    readonly_fields = fields  # type: ignore[assignment]  # the stubs type `fields` wider (fieldsets)
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["short_quote", "status", "claimant", "article", "project", "created_by", "updated_at"]
    list_filter = ["status", "project"]
    search_fields = ["quote", "statement", "claimant", "article__title"]
    list_select_related = ["article", "project", "created_by"]
    readonly_fields = [
        "project",
        "article",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "status",
        "version",
        "created_by",
        "created_at",
        "updated_at",
        "history",
    ]
    fields = [*readonly_fields[:-1], "statement", "claimant", "history"]
    inlines = [VerdictInline]

    @admin.display(description="quote", ordering="quote")
    def short_quote(self, obj: Claim) -> str:
        return str(obj)

    @admin.display(description="history")
    def history(self, obj: Claim) -> str:
        rows = format_html_join(
            "",
            "<li>{} — {} {} {} (v{})</li>",
            (
                (
                    e.created_at.strftime("%Y-%m-%d %H:%M"),
                    e.actor_username or "system",
                    e.get_action_display().lower(),
                    e.entity,
                    e.version or "-",
                )
                for e in HistoryEvent.objects.for_claim(obj.pk)
            ),
        )
        return format_html("<ul>{}</ul>", rows) if rows else "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        from . import services

        # Edits go through the service so they are versioned and recorded in history.
        services.claim_update(
            claim=obj,
            actor=request.user,
            expected_version=None,
            statement=form.cleaned_data["statement"],
            claimant=form.cleaned_data["claimant"],
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a bulk admin delete would skip the history; delete claims in the app or the API


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["claim", "reviewer", "label", "version", "updated_at"]
    list_filter = ["label", "claim__project"]
    search_fields = ["rationale", "claim__quote", "reviewer__username"]
    list_select_related = ["claim", "reviewer"]
    readonly_fields = ["claim", "reviewer", "label", "rationale", "evidence", "version", "created_at", "updated_at"]

    # Verdicts belong to their reviewers: the admin shows them, it does not change them.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HistoryEvent)
class HistoryEventAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "actor_username",
        "action",
        "entity",
        "article_id",
        "claim_id",
        "verdict_id",
        "version",
    ]
    list_filter = ["action", "entity", "project"]
    search_fields = ["actor_username", "=claim_id", "=verdict_id", "=article_id"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "project",
        "entity",
        "action",
        "article_id",
        "claim_id",
        "verdict_id",
        "version",
        "actor",
        "actor_username",
        "before",
        "after",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, searched and filtered; never added, changed or deleted here (the services do that)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RatingItem)
class RatingItemAdmin(ReadOnlyAdmin):
    # The scale is versioned in history and past decisions point at it: change it in the app or the API.
    list_display = ["name", "project", "verdict", "value", "order", "retired", "updated_at"]
    list_filter = ["verdict", "retired", "project"]
    search_fields = ["name", "description", "project__name"]
    list_select_related = ["project"]


class CorrectionInline(ReadOnlyInline):
    model = Correction
    fields = ["created_at", "kind", "note", "author"]
    readonly_fields = fields  # type: ignore[assignment]  # the stubs type `fields` wider (fieldsets)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["claim", "project", "rating", "state", "decided_by", "published_at", "version", "modified_at"]
    list_filter = ["state", "project"]
    search_fields = ["explanation", "claim__quote", "decided_by__username", "rating__name"]
    list_select_related = ["claim", "project", "rating", "decided_by"]
    date_hierarchy = "created_at"
    inlines = [CorrectionInline]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["decision", "project", "kind", "author", "created_at"]
    list_filter = ["kind", "project"]
    search_fields = ["note", "decision__claim__quote", "author__username"]
    list_select_related = ["decision__claim", "project", "author"]
    date_hierarchy = "created_at"


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "claim", "project", "author_username", "version", "created_at", "deleted_at"]
    list_filter = ["project", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author_username", "claim__quote"]
    list_select_related = ["claim", "project"]
    date_hierarchy = "created_at"


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["article", "reviewer", "project", "assigned_by", "due_date", "done_at", "created_at"]
    list_filter = ["project", ("done_at", admin.EmptyFieldListFilter), "due_date"]
    search_fields = ["reviewer__username", "article__title"]
    list_select_related = ["article", "reviewer", "project", "assigned_by"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["user", "project", "role", "state", "created_by", "created_at", "expires_at"]
    list_filter = ["role", "project", ("used_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "email", "project__name"]
    list_select_related = ["user", "project", "created_by"]
    # Not the token hash: shown nowhere.
    fields = [
        "project",
        "user",
        "role",
        "email",
        "created_by",
        "created_at",
        "expires_at",
        "used_at",
        "revoked_at",
    ]


class ImportItemInline(ReadOnlyInline):
    model = ImportItem
    fields = ["position", "url", "outcome", "message", "article", "fetched_at"]
    readonly_fields = fields  # type: ignore[assignment]  # the stubs type `fields` wider (fieldsets)


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "project", "status", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "project"]
    search_fields = ["items__url", "created_by__username", "project__name"]
    list_select_related = ["project", "created_by"]
    inlines = [ImportItemInline]


@admin.register(ImportItem)
class ImportItemAdmin(ReadOnlyAdmin):
    list_display = ["url", "job", "position", "outcome", "article", "fetched_at"]
    list_filter = ["outcome"]
    search_fields = ["url", "final_url", "message"]
    list_select_related = ["job", "article"]


@admin.register(Webhook)
class WebhookAdmin(ReadOnlyAdmin):
    list_display = ["url", "project", "active", "consecutive_failures", "disabled_at", "created_by", "created_at"]
    list_filter = ["active", "project"]
    search_fields = ["url", "project__name"]
    list_select_related = ["project", "created_by"]
    # Not the signing secret: shown only once, to the admin who created or rotated it.
    fields = [
        "project",
        "url",
        "events",
        "active",
        "consecutive_failures",
        "disabled_at",
        "created_by",
        "created_at",
        "updated_at",
    ]


class DeliveryAttemptInline(ReadOnlyInline):
    model = DeliveryAttempt
    fields = ["number", "started_at", "duration_ms", "response_code", "error", "succeeded"]
    readonly_fields = fields  # type: ignore[assignment]  # the stubs type `fields` wider (fieldsets)
    show_change_link = False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "webhook", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["=id", "event", "webhook__url"]
    list_select_related = ["webhook"]
    date_hierarchy = "created_at"
    fields = [
        "id",
        "webhook",
        "event",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
        "redelivery_of",
    ]
    inlines = [DeliveryAttemptInline]


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ReadOnlyAdmin):
    list_display = ["delivery", "number", "started_at", "duration_ms", "response_code", "succeeded"]
    list_filter = ["succeeded"]
    search_fields = ["error", "delivery__webhook__url", "delivery__event"]
    list_select_related = ["delivery__webhook"]


@admin.register(UserPreference)
class UserPreferenceAdmin(ReadOnlyAdmin):
    # Each user sets their own on the preferences page.
    list_display = ["user", "single_key_shortcuts", "updated_at"]
    list_filter = ["single_key_shortcuts"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
