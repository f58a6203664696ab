"""REST API v1 routes (mounted at /api/v1/)."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from accounts.api import TokenObtainView, TokenViewSet

from .api.articles import ArticleViewSet
from .api.claims import ClaimViewSet
from .api.deletions import DeletionListView
from .api.errors import api_not_found
from .api.imports import ImportJobViewSet
from .api.projects import MemberDetailView, MemberListView, ProjectViewSet
from .api.verdicts import VerdictViewSet
from .api.webhooks import WebhookViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="api-project")
router.register("articles", ArticleViewSet, basename="api-article")
router.register("claims", ClaimViewSet, basename="api-claim")
router.register("verdicts", VerdictViewSet, basename="api-verdict")
router.register("import-jobs", ImportJobViewSet, basename="api-import-job")
router.register("webhooks", WebhookViewSet, basename="api-webhook")
router.register("auth/tokens", TokenViewSet, basename="api-token")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="api-token-obtain"),
    path("projects/<int:project_pk>/members/", MemberListView.as_view(), name="api-member-list"),
    path("projects/<int:project_pk>/members/<str:username>/", MemberDetailView.as_view(), name="api-member-detail"),
    path("deletions/", DeletionListView.as_view(), name="api-deletion-list"),
    *router.urls,
    # Last: anything else under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"", api_not_found),
]
