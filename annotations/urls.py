"""The reviewer web pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<slug:slug>/", views.project_detail, name="project_detail"),
    path("p/<slug:slug>/queue/", views.review_queue, name="review_queue"),
    path("p/<slug:slug>/members/", views.project_members, name="project_members"),
    path("p/<slug:slug>/members/<int:user_id>/", views.project_member_change, name="project_member_change"),
    path("p/<slug:slug>/articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("p/<slug:slug>/articles/<int:pk>/claims/", views.claim_create, name="claim_create"),
    path("p/<slug:slug>/claims/<int:claim_id>/", views.claim_update, name="claim_update"),
    path("p/<slug:slug>/claims/<int:claim_id>/delete/", views.claim_delete, name="claim_delete"),
    path("p/<slug:slug>/claims/<int:claim_id>/verdict/", views.verdict_submit, name="verdict_submit"),
    path("p/<slug:slug>/claims/<int:claim_id>/comments/", views.comment_create, name="comment_create"),
    path("p/<slug:slug>/claims/<int:claim_id>/decision/", views.decision_save, name="decision_save"),
    path("p/<slug:slug>/decisions/<int:decision_id>/publish/", views.decision_publish, name="decision_publish"),
    path("p/<slug:slug>/decisions/<int:decision_id>/delete/", views.decision_delete, name="decision_delete"),
    path("p/<slug:slug>/decisions/<int:decision_id>/corrections/", views.correction_create, name="correction_create"),
    path("p/<slug:slug>/comments/<int:comment_id>/", views.comment_update, name="comment_update"),
    path("p/<slug:slug>/comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
]
