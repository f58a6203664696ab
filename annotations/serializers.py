"""API input and output shapes.

Output serializers list their fields explicitly and are read-only. Input serializers are separate,
name every field a client may send, and refuse any other key (so a ``reviewer``, ``project`` or
``version`` in a body is a 400, never obeyed). References to other objects are looked up in the
caller's projects only, so another project's id is "does not exist", exactly like a wrong id.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import serializers

from verifier.lib.text import LONG_TEXT_MAX_CHARS

from . import services
from .models import (
    HIDDEN,
    SYNCED_ENTITIES,
    Article,
    Claim,
    ClaimStatus,
    HistoryEvent,
    Label,
    Membership,
    Project,
    RatingItem,
    Role,
    Stance,
    Verdict,
)

MAX_OFFSET = 2**31 - 1


class StrictInputSerializer(serializers.Serializer):
    """Refuses keys it does not declare (mass-assignment protection), with a message per key."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = sorted(str(key) for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {key: ["Unknown or read-only field: it cannot be set here."] for key in unknown}
                )
        return super().to_internal_value(data)


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id (a JSON integer) looked up among the objects of the caller's projects (``for_user``)."""

    def get_queryset(self) -> QuerySet:
        queryset: Any = super().get_queryset()
        return queryset.for_user(self.context["request"].user)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class TextField(serializers.CharField):
    """A string, and only a string: numbers, lists and objects are refused rather than converted."""

    default_error_messages = {"invalid": "Must be text (a JSON string)."}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def text(**kwargs: Any) -> TextField:
    """Text kept exactly as sent (the services strip what should be stripped)."""
    return TextField(trim_whitespace=False, **kwargs)


# --- projects and members ----------------------------------------------------------------------


class RatingItemSerializer(serializers.ModelSerializer):
    """One item of a project's rating scale."""

    class Meta:
        model = RatingItem
        fields = [
            "id", "project", "name", "verdict", "value", "description", "order", "retired", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    # Methodology: the rating scale (prefetched by the view), the rules and the corrections policy.
    rating_scale = RatingItemSerializer(source="rating_items", many=True, read_only=True)
    public_base_url = serializers.CharField(read_only=True, help_text="The desk's public fact-check pages, or empty")
    role = serializers.ChoiceField(choices=Role.choices, read_only=True, help_text="Your role in this project")
    article_count = serializers.IntegerField(read_only=True)
    claim_count = serializers.IntegerField(read_only=True)
    needs_review_count = serializers.IntegerField(read_only=True)
    confirmed_count = serializers.IntegerField(read_only=True)
    disputed_count = serializers.IntegerField(read_only=True)
    unverified_count = serializers.IntegerField(read_only=True)
    conflict_count = serializers.IntegerField(read_only=True)
    hidden_count = serializers.IntegerField(
        read_only=True, help_text="Claims whose status blind review hides from you until you give your verdict"
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "language",
            "reviews_required",
            "blind_review",
            "role",
            "article_count",
            "claim_count",
            "needs_review_count",
            "confirmed_count",
            "disputed_count",
            "unverified_count",
            "conflict_count",
            "hidden_count",
            "rating_scale",
            "four_eyes",
            "rereview_days",
            "corrections_policy",
            "public_base_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProjectCreateSerializer(StrictInputSerializer):
    name = TextField(max_length=200)
    language = TextField(max_length=35, required=False, allow_blank=True, help_text="BCP 47, e.g. en, ar, pt-BR")
    slug = serializers.SlugField(max_length=100, required=False, allow_blank=True, help_text="Default: from name")
    description = text(required=False, allow_blank=True, max_length=10_000)


class ProjectUpdateSerializer(StrictInputSerializer):
    name = TextField(max_length=200, required=False)
    description = text(required=False, allow_blank=True, max_length=10_000)
    language = TextField(max_length=35, required=False, allow_blank=True, help_text="BCP 47, e.g. en, ar, pt-BR")
    reviews_required = serializers.IntegerField(min_value=1, max_value=10, required=False)
    blind_review = serializers.BooleanField(required=False)
    corrections_policy = text(required=False, allow_blank=True, max_length=20_000)
    rereview_days = serializers.IntegerField(required=False, min_value=1, max_value=3650)
    four_eyes = serializers.BooleanField(required=False, help_text="Decisions are published by someone else")
    public_base_url = TextField(
        required=False, allow_blank=True, max_length=500, help_text="http(s) address of the desk's public pages"
    )


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["username", "role", "created_at", "updated_at"]
        read_only_fields = fields


class MemberAddSerializer(StrictInputSerializer):
    username = TextField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices, default=Role.REVIEWER)


class MemberUpdateSerializer(StrictInputSerializer):
    role = serializers.ChoiceField(choices=Role.choices)


# --- articles ----------------------------------------------------------------------------------


class ArticleSerializer(serializers.ModelSerializer):
    imported_by = serializers.CharField(source="imported_by.username", read_only=True, allow_null=True)
    # Plain strings: these may be empty, which an OpenAPI "uri" format would not allow.
    url = serializers.CharField(read_only=True, help_text="The article's address, or empty")
    original_url = serializers.CharField(read_only=True, help_text="For translations: the original's address")

    class Meta:
        model = Article
        fields = [
            "id",
            "project",
            "title",
            "body",
            "body_sha256",
            "url",
            "source",
            "author",
            "published_at",
            "language",
            "original_language",
            "original_url",
            "imported_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ArticleFieldsSerializer(StrictInputSerializer):
    """One article's fields; the services check them (length limits, NUL characters, dates)."""

    title = TextField(max_length=500)
    body = text(help_text="Kept exactly; line endings are normalised to \\n")
    url = TextField(max_length=2000, required=False, allow_blank=True)
    source = TextField(max_length=200, required=False, allow_blank=True)  # type: ignore[assignment]
    author = TextField(max_length=300, required=False, allow_blank=True)
    published_at = TextField(required=False, allow_blank=True, allow_null=True, help_text="ISO 8601 date or date-time")
    language = TextField(max_length=35, required=False, allow_blank=True, help_text="BCP 47 tag, e.g. en, pt-BR")
    original_language = TextField(max_length=35, required=False, allow_blank=True, help_text="BCP 47 tag")
    original_url = TextField(max_length=2000, required=False, allow_blank=True)

    def validate_published_at(self, value: str | None) -> str | None:
        try:
            return published_at_in_range(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["published_at"]) from None


def published_at_in_range(value: str | None) -> str | None:
    """``published_at`` as an ISO 8601 instant in UTC (the service refuses what no database can store)."""
    if value in (None, ""):
        return value
    cleaned = services.clean_published_at(value)
    return cleaned.isoformat() if cleaned else None


class ArticleCreateSerializer(ArticleFieldsSerializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all(), help_text="One of your projects (editor role)")


class ImportItemSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position in the array (0-based), or the JSON Lines item number")
    line = serializers.IntegerField(allow_null=True, help_text="Line number (JSON Lines only)")
    outcome = serializers.ChoiceField(choices=["created", "duplicate", "rejected"])
    article = serializers.IntegerField(allow_null=True, help_text="The new or the existing article's id")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]
    message = serializers.CharField(allow_blank=True)


class ImportReportSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    duplicate = serializers.IntegerField()
    rejected = serializers.IntegerField()
    items = ImportItemSerializer(many=True)


# --- claims ------------------------------------------------------------------------------------


class ClaimSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True, allow_null=True)
    # From ``Claim.objects.with_visible_status(user)``: "hidden" while blind review hides it from you.
    status = serializers.ChoiceField(
        source="shown_status",
        choices=[*ClaimStatus.choices, (HIDDEN, "Hidden until you give your verdict (blind review)")],
        read_only=True,
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "project",
            "article",
            "start",
            "end",
            "quote",
            "prefix",
            "suffix",
            "statement",
            "claimant",
            "status",
            "decision_state",
            "version",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ClaimCreateSerializer(StrictInputSerializer):
    article = ScopedPrimaryKeyField(queryset=Article.objects.select_related("project"))  # the role check needs it
    start = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_OFFSET, help_text="Offset in Unicode code points"
    )
    end = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_OFFSET, help_text="Exclusive offset in Unicode code points"
    )
    quote = text(
        required=False,
        max_length=100_000,
        help_text="The exact text: alone, the server locates it; with start/end, it must match",
    )
    statement = text(required=False, allow_blank=True, max_length=10_000)
    claimant = TextField(required=False, allow_blank=True, max_length=300)
    confirm_duplicate = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Mark the span even if it equals or overlaps an existing claim by ≥ 80% (else 409)",
    )


class ClaimUpdateSerializer(StrictInputSerializer):
    start = serializers.IntegerField(required=False, min_value=0, max_value=MAX_OFFSET)
    end = serializers.IntegerField(required=False, min_value=0, max_value=MAX_OFFSET)
    quote = text(required=False, max_length=100_000, help_text="Alone: move the claim to this (unique) text")
    statement = text(required=False, allow_blank=True, max_length=10_000)
    claimant = TextField(required=False, allow_blank=True, max_length=300)


# --- verdicts ----------------------------------------------------------------------------------


class EvidenceSerializer(StrictInputSerializer):
    url = TextField(max_length=2000, help_text="http(s) address of the source")
    title = text(required=False, allow_blank=True, max_length=500)
    excerpt = text(required=False, allow_blank=True, max_length=5000)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False, default=Stance.CONTEXT)


class VerdictSerializer(serializers.ModelSerializer):
    project = serializers.IntegerField(source="claim.project_id", read_only=True)
    article = serializers.IntegerField(source="claim.article_id", read_only=True)
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "project",
            "article",
            "claim",
            "reviewer",
            "label",
            "rationale",
            "evidence",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class VerdictCreateSerializer(StrictInputSerializer):
    claim = ScopedPrimaryKeyField(queryset=Claim.objects.all())
    label = serializers.ChoiceField(choices=Label.choices)  # type: ignore[assignment]
    rationale = text(
        required=False,
        allow_blank=True,
        max_length=LONG_TEXT_MAX_CHARS,
        help_text="Required unless the label is unverified",
    )
    evidence = EvidenceSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]


class VerdictUpdateSerializer(StrictInputSerializer):
    label = serializers.ChoiceField(choices=Label.choices, required=False)  # type: ignore[assignment]
    rationale = text(required=False, allow_blank=True, max_length=LONG_TEXT_MAX_CHARS)
    evidence = EvidenceSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]


class VerdictConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    existing = serializers.URLField(help_text="URL of your existing verdict: PATCH it instead")
    verdict = VerdictSerializer()


class ClaimPreconditionFailedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = ClaimSerializer(help_text="The claim as it is now; its ETag is in the ETag header")


class VerdictPreconditionFailedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = VerdictSerializer(help_text="The verdict as it is now; its ETag is in the ETag header")


# --- deletions (tombstones) ---------------------------------------------------------------------


class TombstoneSerializer(serializers.ModelSerializer):
    entity = serializers.ChoiceField(choices=SYNCED_ENTITIES, read_only=True)
    article = serializers.IntegerField(source="article_id", read_only=True, allow_null=True)
    claim = serializers.IntegerField(source="claim_id", read_only=True, allow_null=True)
    verdict = serializers.IntegerField(source="verdict_id", read_only=True, allow_null=True)
    decision = serializers.IntegerField(source="decision_id", read_only=True, allow_null=True)
    deleted_at = serializers.DateTimeField(source="created_at", read_only=True)
    deleted_by = serializers.CharField(source="actor_username", read_only=True)

    class Meta:
        model = HistoryEvent
        fields = [
            "id", "entity", "project", "article", "claim", "verdict", "decision", "version", "deleted_at", "deleted_by",
        ]  # fmt: skip
        read_only_fields = fields
