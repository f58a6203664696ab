"""Export routes (mounted at /api/v1/export/)."""

from django.urls import path

from .api.exports import VerdictExportView

urlpatterns = [
    path("verdicts/", VerdictExportView.as_view(), name="export_verdicts"),
]
