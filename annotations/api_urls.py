"""REST API v1 routes (mounted at /api/v1/)."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from accounts.api import TokenObtainView, TokenViewSet

from .api.articles import ArticleViewSet
from .api.assignments import AssignmentViewSet, TakeNextView
from .api.claims import ClaimViewSet
from .api.comments import CommentViewSet
from .api.decisions import CorrectionListView, DecisionViewSet
from .api.deletions import DeletionListView
from .api.errors import api_not_found
from .api.imports import ImportJobViewSet
from .api.projects import MemberDetailView, MemberListView, ProjectViewSet
from .api.ratings import RatingViewSet
from .api.stats import ProjectStatsView
from .api.verdicts import VerdictViewSet
from .api.webhooks import WebhookViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="api-project")
router.register("articles", ArticleViewSet, basename="api-article")
router.register("claims", ClaimViewSet, basename="api-claim")
router.register("verdicts", VerdictViewSet, basename="api-verdict")
router.register("assignments", AssignmentViewSet, basename="api-assignment")
router.register("comments", CommentViewSet, basename="api-comment")
router.register("ratings", RatingViewSet, basename="api-rating")
router.register("decisions", DecisionViewSet, basename="api-decision")
router.register("import-jobs", ImportJobViewSet, basename="api-import-job")
router.register("webhooks", WebhookViewSet, basename="api-webhook")
router.register("auth/tokens", TokenViewSet, basename="api-token")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="api-token-obtain"),
    path("projects/<int:project_pk>/members/", MemberListView.as_view(), name="api-member-list"),
    path("projects/<int:project_pk>/members/<str:username>/", MemberDetailView.as_view(), name="api-member-detail"),
    path("projects/<int:project_pk>/take-next/", TakeNextView.as_view(), name="api-take-next"),
    path("projects/<int:project_pk>/stats/", ProjectStatsView.as_view(), name="api-project-stats"),
    path("deletions/", DeletionListView.as_view(), name="api-deletion-list"),
    path("corrections/", CorrectionListView.as_view(), name="api-correction-list"),
    *router.urls,
    # Last: anything else under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"", api_not_found),
]
