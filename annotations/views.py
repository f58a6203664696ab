"""The reviewer web pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Project


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's projects with their progress."""
    projects = Project.objects.for_user(request.user).with_progress()
    return render(request, "annotations/home.html", {"projects": projects})
