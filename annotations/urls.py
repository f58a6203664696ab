"""The reviewer web pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/shortcuts/", views.shortcut_preference, name="shortcut_preference"),
    path("p/<slug:slug>/", views.project_detail, name="project_detail"),
    path("p/<slug:slug>/queue/", views.review_queue, name="review_queue"),
    path("p/<slug:slug>/claims/", views.claim_list, name="claim_list"),
    path("p/<slug:slug>/dashboard/", views.project_dashboard, name="project_dashboard"),
    path("p/<slug:slug>/members/", views.project_members, name="project_members"),
    path("p/<slug:slug>/members/<int:user_id>/", views.project_member_change, name="project_member_change"),
    path("p/<slug:slug>/articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("p/<slug:slug>/articles/<int:pk>/claims/", views.claim_create, name="claim_create"),
    path("p/<slug:slug>/claims/<int:claim_id>/", views.claim_update, name="claim_update"),
    path("p/<slug:slug>/claims/<int:claim_id>/delete/", views.claim_delete, name="claim_delete"),
    path("p/<slug:slug>/claims/<int:claim_id>/verdict/", views.verdict_submit, name="verdict_submit"),
]
