"""The REST API v1 (mounted at /api/v1/ by ``annotations.api_urls``)."""
