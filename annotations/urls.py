"""The reviewer web pages."""

from django.urls import path

import verifier.lib.converters  # noqa: F401 - registers <id:…>

from . import views
from .views import assignments, desk, invitations

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/new/", desk.project_new, name="project_new"),
    path("invite/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("p/<slug:slug>/", views.project_detail, name="project_detail"),
    path("p/<slug:slug>/settings/", desk.project_settings, name="project_settings"),
    path("p/<slug:slug>/articles/add/", desk.article_add, name="article_add"),
    path("p/<slug:slug>/members/invite/", invitations.invitation_create, name="invitation_create"),
    path("p/<slug:slug>/invitations/<int:pk>/reissue/", invitations.invitation_reissue, name="invitation_reissue"),
    path("p/<slug:slug>/invitations/<int:pk>/revoke/", invitations.invitation_revoke, name="invitation_revoke"),
    path("p/<slug:slug>/assign/", assignments.assign, name="assign"),
    path("p/<slug:slug>/take-next/", assignments.take_next, name="take_next"),
    path("p/<slug:slug>/assignments/<int:pk>/remove/", assignments.assignment_remove, name="assignment_remove"),
    path("p/<slug:slug>/assignments/<int:pk>/done/", assignments.assignment_done, name="assignment_done"),
    path("p/<slug:slug>/queue/", views.review_queue, name="review_queue"),
    path("p/<slug:slug>/members/", views.project_members, name="project_members"),
    path("p/<slug:slug>/members/<id:user_id>/", views.project_member_change, name="project_member_change"),
    path("p/<slug:slug>/articles/<id:pk>/", views.article_detail, name="article_detail"),
    path("p/<slug:slug>/articles/<id:pk>/claims/", views.claim_create, name="claim_create"),
    path("p/<slug:slug>/claims/<id:claim_id>/", views.claim_update, name="claim_update"),
    path("p/<slug:slug>/claims/<id:claim_id>/delete/", views.claim_delete, name="claim_delete"),
    path("p/<slug:slug>/claims/<id:claim_id>/verdict/", views.verdict_submit, name="verdict_submit"),
]
