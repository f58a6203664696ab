"""API shapes of the rating scale, decisions and corrections (input strict, output read-only).

A ``decided_by``, ``published_by``, ``published_at``, ``state`` or ``version`` in a body is refused
(400) by ``StrictInputSerializer``: the server sets them.
"""

from __future__ import annotations

from rest_framework import serializers

from .models import Claim, Correction, CorrectionKind, Decision, Label, Project
from .serializers import (
    EvidenceSerializer,
    RatingItemSerializer,
    ScopedPrimaryKeyField,
    StrictInputSerializer,
    TextField,
    text,
)

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
MAX_TEXT = 20_000

# --- rating scale --------------------------------------------------------------------------------


class RatingCreateSerializer(StrictInputSerializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all(), help_text="One of your projects (admin role)")
    name = TextField(max_length=100, help_text='What the desk publishes, e.g. "Misleading"')
    verdict = serializers.ChoiceField(choices=Label.choices, help_text="The core meaning of this rating")
    value = serializers.IntegerField(min_value=INT_MIN, max_value=INT_MAX, help_text="ClaimReview ratingValue")
    description = text(required=False, allow_blank=True, max_length=MAX_TEXT)
    order = serializers.IntegerField(required=False, min_value=0, max_value=INT_MAX, help_text="Default: last")
    retired = serializers.BooleanField(required=False, default=False)


class RatingUpdateSerializer(StrictInputSerializer):
    name = TextField(max_length=100, required=False)
    verdict = serializers.ChoiceField(choices=Label.choices, required=False)
    value = serializers.IntegerField(required=False, min_value=INT_MIN, max_value=INT_MAX)
    description = text(required=False, allow_blank=True, max_length=MAX_TEXT)
    order = serializers.IntegerField(required=False, min_value=0, max_value=INT_MAX)
    retired = serializers.BooleanField(required=False, help_text="Retired items are not offered for new decisions")


# --- corrections and decisions -------------------------------------------------------------------


class CorrectionSerializer(serializers.ModelSerializer):
    claim = serializers.IntegerField(source="decision.claim_id", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True, allow_null=True)
    old_values = serializers.DictField(read_only=True, help_text="The decision's changed fields before")
    new_values = serializers.DictField(read_only=True, help_text="… and after the correction")

    class Meta:
        model = Correction
        fields = [
            "id", "project", "decision", "claim", "kind", "note", "author", "old_values", "new_values", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class DecisionCorrectionSerializer(CorrectionSerializer):
    """A correction inside its decision (no need to repeat the decision's ids)."""

    class Meta(CorrectionSerializer.Meta):
        fields = ["id", "kind", "note", "author", "old_values", "new_values", "created_at"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    article = serializers.IntegerField(source="claim.article_id", read_only=True)
    rating_name = serializers.CharField(source="rating.name", read_only=True)
    verdict = serializers.ChoiceField(source="rating.verdict", choices=Label.choices, read_only=True)
    rating_value = serializers.IntegerField(source="rating.value", read_only=True)
    public_evidence = EvidenceSerializer(many=True, read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True)
    published_by = serializers.CharField(source="published_by.username", read_only=True, allow_null=True)
    corrections = DecisionCorrectionSerializer(many=True, read_only=True, help_text="Oldest first")

    class Meta:
        model = Decision
        fields = [
            "id",
            "project",
            "article",
            "claim",
            "rating",
            "rating_name",
            "verdict",
            "rating_value",
            "explanation",
            "public_evidence",
            "as_of",
            "review_due",
            "state",
            "decided_by",
            "published_by",
            "published_at",
            "version",
            "corrections",
            "created_at",
            "modified_at",
        ]
        read_only_fields = fields


class DecisionCreateSerializer(StrictInputSerializer):
    claim = ScopedPrimaryKeyField(queryset=Claim.objects.all())
    rating = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="An item of the project's scale")
    explanation = text(max_length=MAX_TEXT, help_text="The public explanation (published as ratingExplanation)")
    # many=True hands max_length to the ListSerializer; the stubs type only the child's arguments.
    public_evidence = EvidenceSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]
    as_of = serializers.DateField(required=False, help_text="The date the facts were checked; default today")
    review_due = serializers.DateField(
        required=False, allow_null=True, help_text="Default for unverified ratings: as_of + the project's rereview_days"
    )


class DecisionUpdateSerializer(StrictInputSerializer):
    rating = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    explanation = text(required=False, max_length=MAX_TEXT)
    # many=True hands max_length to the ListSerializer; the stubs type only the child's arguments.
    public_evidence = EvidenceSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]
    as_of = serializers.DateField(required=False)
    review_due = serializers.DateField(required=False, allow_null=True)


class DecisionPublishSerializer(StrictInputSerializer):
    """No fields: the publisher is you and the time is now."""


class CorrectionCreateSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=CorrectionKind.choices)
    note = text(max_length=MAX_TEXT, help_text="The public note explaining the correction")
    rating = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="rating_change only: the new rating"
    )
    explanation = text(required=False, max_length=MAX_TEXT, help_text="correction/update only")
    # many=True hands max_length to the ListSerializer; the stubs type only the child's arguments.
    public_evidence = EvidenceSerializer(  # type: ignore[call-arg]
        many=True, required=False, max_length=50, help_text="correction/update only"
    )


class DecisionConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    existing = serializers.URLField(help_text="URL of the claim's decision: PATCH the draft or correct it")
    decision = DecisionSerializer()


class DecisionStateConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="E.g. a published decision changes only through a correction")
    current = DecisionSerializer()


class DecisionPreconditionFailedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = DecisionSerializer(help_text="The decision as it is now; its ETag is in the ETag header")


__all__ = [
    "CorrectionCreateSerializer",
    "CorrectionSerializer",
    "DecisionConflictSerializer",
    "DecisionCreateSerializer",
    "DecisionPreconditionFailedSerializer",
    "DecisionPublishSerializer",
    "DecisionSerializer",
    "DecisionStateConflictSerializer",
    "DecisionUpdateSerializer",
    "RatingCreateSerializer",
    "RatingItemSerializer",
    "RatingUpdateSerializer",
]
