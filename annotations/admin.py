"""Django admin for every model: list columns, search, filters, and the history read-only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from .models import Article, Claim, HistoryEvent, Membership, Project, Verdict


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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by").annotate(_members=Count("memberships"))

    @admin.display(description="members", ordering="_members")
    def member_count(self, obj: Project) -> int:
        return obj._members


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

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "project", "body"] if obj else self.readonly_fields

    def has_add_permission(self, request) -> bool:
        return False  # articles come in through the import command, the web app or the API


class VerdictInline(admin.TabularInline):
    model = Verdict
    extra = 0
    fields = ["reviewer", "label", "rationale", "version", "updated_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
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

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        from . import services

        # Edits go through the service so they are versioned and recorded in history.
        services.claim_update(
            claim=obj,
            actor=request.user,
            expected_version=None,
            statement=form.cleaned_data["statement"],
            claimant=form.cleaned_data["claimant"],
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a bulk admin delete would skip the history; delete claims in the app or the API


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["claim", "reviewer", "label", "version", "updated_at"]
    list_filter = ["label", "claim__project"]
    search_fields = ["rationale", "claim__quote", "reviewer__username"]
    list_select_related = ["claim", "reviewer"]
    readonly_fields = ["claim", "reviewer", "label", "rationale", "evidence", "version", "created_at", "updated_at"]

    # Verdicts belong to their reviewers: the admin shows them, it does not change them.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
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

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
