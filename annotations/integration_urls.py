"""Web pages for import by URL and webhooks, under the ``annotations`` URL namespace
(``annotations:article_import_url`` …)."""

from django.urls import path

from .views import imports, webhooks

app_name = "annotations"

urlpatterns = [
    path("p/<slug:slug>/articles/import-url/", imports.article_import_url, name="article_import_url"),
    path("p/<slug:slug>/import-jobs/<int:pk>/", imports.import_job_detail, name="import_job_detail"),
    path("p/<slug:slug>/webhooks/", webhooks.webhook_list, name="webhook_list"),
    path("p/<slug:slug>/webhooks/<int:pk>/", webhooks.webhook_deliveries, name="webhook_deliveries"),
    path("p/<slug:slug>/webhooks/<int:pk>/action/", webhooks.webhook_action, name="webhook_action"),
]
