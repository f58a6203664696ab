"""The reviewer web pages."""

from django.urls import path

import verifier.lib.converters  # noqa: F401 - registers <id:…>

from . import views
from .views import assignments, desk, invitations

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/new/", desk.project_new, name="project_new"),
    path("invite/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("settings/shortcuts/", views.shortcut_preference, name="shortcut_preference"),
    path("p/<slug:slug>/", views.project_detail, name="project_detail"),
    path("p/<slug:slug>/settings/", desk.project_settings, name="project_settings"),
    path("p/<slug:slug>/articles/add/", desk.article_add, name="article_add"),
    path("p/<slug:slug>/members/invite/", invitations.invitation_create, name="invitation_create"),
    path("p/<slug:slug>/invitations/<id:pk>/reissue/", invitations.invitation_reissue, name="invitation_reissue"),
    path("p/<slug:slug>/invitations/<id:pk>/revoke/", invitations.invitation_revoke, name="invitation_revoke"),
    path("p/<slug:slug>/assign/", assignments.assign, name="assign"),
    path("p/<slug:slug>/take-next/", assignments.take_next, name="take_next"),
    path("p/<slug:slug>/assignments/<id:pk>/remove/", assignments.assignment_remove, name="assignment_remove"),
    path("p/<slug:slug>/assignments/<id:pk>/done/", assignments.assignment_done, name="assignment_done"),
    path("p/<slug:slug>/queue/", views.review_queue, name="review_queue"),
    path("p/<slug:slug>/decisions/", views.decisions_desk, name="decisions_desk"),
    path("p/<slug:slug>/corrections/", views.corrections_feed, name="corrections_feed"),
    path("p/<slug:slug>/methodology/", views.methodology, name="methodology"),
    path("p/<slug:slug>/scale/", views.rating_scale, name="rating_scale"),
    path("p/<slug:slug>/scale/<id:rating_id>/", views.rating_change, name="rating_change"),
    path("p/<slug:slug>/scale/<id:rating_id>/delete/", views.rating_remove, name="rating_remove"),
    path("p/<slug:slug>/scale/<id:rating_id>/move/", views.rating_reorder, name="rating_reorder"),
    path("p/<slug:slug>/claims/", views.claim_list, name="claim_list"),
    path("p/<slug:slug>/dashboard/", views.project_dashboard, name="project_dashboard"),
    path("p/<slug:slug>/members/", views.project_members, name="project_members"),
    path("p/<slug:slug>/members/<id:user_id>/", views.project_member_change, name="project_member_change"),
    path("p/<slug:slug>/articles/<id:pk>/", views.article_detail, name="article_detail"),
    path("p/<slug:slug>/articles/<id:pk>/claims/", views.claim_create, name="claim_create"),
    path("p/<slug:slug>/claims/<id:claim_id>/", views.claim_update, name="claim_update"),
    path("p/<slug:slug>/claims/<id:claim_id>/delete/", views.claim_delete, name="claim_delete"),
    path("p/<slug:slug>/claims/<id:claim_id>/verdict/", views.verdict_submit, name="verdict_submit"),
    path("p/<slug:slug>/claims/<id:claim_id>/comments/", views.comment_create, name="comment_create"),
    path("p/<slug:slug>/claims/<id:claim_id>/decision/", views.decision_save, name="decision_save"),
    path("p/<slug:slug>/decisions/<id:decision_id>/publish/", views.decision_publish, name="decision_publish"),
    path("p/<slug:slug>/decisions/<id:decision_id>/delete/", views.decision_delete, name="decision_delete"),
    path("p/<slug:slug>/decisions/<id:decision_id>/corrections/", views.correction_create, name="correction_create"),
    path("p/<slug:slug>/comments/<id:comment_id>/", views.comment_update, name="comment_update"),
    path("p/<slug:slug>/comments/<id:comment_id>/delete/", views.comment_delete, name="comment_delete"),
]
