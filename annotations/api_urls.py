"""REST API v1 routes (mounted at /api/v1/)."""

urlpatterns: list = []
