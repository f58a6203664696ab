"""Web pages for import by URL and webhooks, under the ``annotations`` URL namespace
(``annotations:article_import_url`` …)."""

from django.urls import path

from .views import imports

app_name = "annotations"

urlpatterns = [
    path("p/<slug:slug>/articles/import-url/", imports.article_import_url, name="article_import_url"),
    path("p/<slug:slug>/import-jobs/<int:pk>/", imports.import_job_detail, name="import_job_detail"),
]
