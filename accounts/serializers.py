"""API shapes for tokens."""

from __future__ import annotations

from rest_framework import serializers

from .models import ApiToken


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="What the token is for, e.g. “CMS sync”"
    )


class TokenSerializer(serializers.ModelSerializer):
    """A token as listed: never its secret."""

    expired = serializers.BooleanField(source="is_expired", read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "expired"]
        read_only_fields = fields


class NewTokenSerializer(TokenSerializer):
    """A token just created: the only time its full value is shown."""

    token = serializers.CharField(read_only=True, help_text='Send it as "Authorization: Token <token>".')

    class Meta(TokenSerializer.Meta):
        fields = ["token", *TokenSerializer.Meta.fields]
        read_only_fields = fields


class LockedOutSerializer(serializers.Serializer):
    detail = serializers.CharField()
    cooloff_seconds = serializers.IntegerField(allow_null=True, required=False, help_text="When locked out")
