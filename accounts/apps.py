from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Per-user API tokens: the model, the DRF authentication class and the token pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self) -> None:
        # Registers the OpenAPI description of the token authentication with drf-spectacular.
        from . import schema  # noqa: F401
