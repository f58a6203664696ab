"""Export routes (mounted at /api/v1/export/)."""

urlpatterns: list = []
