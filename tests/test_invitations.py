"""Accounts by invitation: one-time links (7 days, single use, revocable), no username enumeration,
only admins invite, outsiders get 404."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from annotations.models import Invitation, Membership, Role

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def invite(client, project, username="nadia", role="reviewer", email=""):
    return client.post(
        reverse("invitation_create", args=[project.slug]), {"username": username, "role": role, "email": email}
    )


def link_in(response) -> str:
    match = re.search(r'id="invite-link" value="([^"]+)"', response.content.decode())
    assert match, "the page shows the invitation link"
    return match.group(1).replace("http://testserver", "")


def accept(client, link, password=NEW_PASSWORD):
    return client.post(link, {"new_password1": password, "new_password2": password})


def test_an_admin_invites_a_new_user_who_sets_a_password_and_lands_in_the_project(client, admin_user_, project):
    client.force_login(admin_user_)
    response = invite(client, project, role="editor")
    assert response.status_code == 200
    link = link_in(response)
    user = User.objects.get(username="nadia")
    assert not user.is_active and not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Set password and join" in page.content.decode()
    response = accept(client, link)
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    user.refresh_from_db()
    assert user.is_active and user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=user, project=project).role == Role.EDITOR
    assert client.get(project.get_absolute_url()).status_code == 200  # signed in


def test_the_token_is_stored_hashed_and_no_page_shows_a_password(client, admin_user_, project):
    client.force_login(admin_user_)
    response = invite(client, project)
    raw = link_in(response).rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert raw not in invitation.token_hash and len(invitation.token_hash) == 64
    page = response.content.decode()
    assert 'type="password"' not in page
    assert "password" not in re.search(r'id="invite-result">(.*?)</div>', page, re.S).group(1).lower()


def test_the_link_works_once(client, admin_user_, project):
    client.force_login(admin_user_)
    link = link_in(invite(client, project))
    client.logout()
    assert accept(client, link).status_code == 302
    client.logout()
    assert client.get(link).status_code == 404
    assert accept(client, link, "another-long-passphrase-77").status_code == 404
    assert User.objects.get(username="nadia").check_password(NEW_PASSWORD)


def test_the_link_expires_after_seven_days(client, admin_user_, project):
    client.force_login(admin_user_)
    link = link_in(invite(client, project))
    invitation = Invitation.objects.get()
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.logout()
    assert client.get(link).status_code == 404
    assert accept(client, link).status_code == 404
    assert not User.objects.get(username="nadia").is_active


def test_a_revoked_link_stops_working_and_a_reissued_one_replaces_it(client, admin_user_, project):
    client.force_login(admin_user_)
    first = link_in(invite(client, project))
    invitation = Invitation.objects.get()
    second = link_in(client.post(reverse("invitation_reissue", args=[project.slug, invitation.pk])))
    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    client.post(reverse("invitation_revoke", args=[project.slug, invitation.pk]))
    client.logout()
    assert client.get(second).status_code == 404
    assert accept(client, second).status_code == 404


def test_the_answer_is_the_same_whether_or_not_the_username_exists(client, admin_user_, project, outsider):
    client.force_login(admin_user_)
    new = invite(client, project, username="nobody-yet")
    existing = invite(client, project, username=outsider.username)
    assert new.status_code == existing.status_code == 200

    def message(response):
        text = re.search(r'id="invite-result">\s*<p>([^<]+)</p>', response.content.decode()).group(1)
        return text.replace("nobody-yet", "NAME").replace(outsider.username, "NAME")

    assert message(new) == message(existing)
    # The existing account is untouched: still active, same password, not yet a member.
    outsider.refresh_from_db()
    assert outsider.is_active and outsider.has_usable_password()
    assert not Membership.objects.filter(user=outsider, project=project).exists()


def test_an_existing_user_accepts_by_signing_in(client, admin_user_, project, outsider):
    client.force_login(admin_user_)
    link = link_in(invite(client, project, username=outsider.username))
    client.force_login(outsider)
    page = client.get(link).content.decode()
    assert "new_password1" not in page  # nobody can set an existing account's password by link
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=outsider, project=project).exists()


def test_someone_else_cannot_accept_an_existing_users_invitation(client, admin_user_, project, outsider, reviewer):
    client.force_login(admin_user_)
    link = link_in(invite(client, project, username=outsider.username))
    client.force_login(reviewer)
    assert client.post(link).status_code == 403
    assert accept(client, link).status_code == 403
    assert not Membership.objects.filter(user=outsider, project=project).exists()


def test_the_invitation_is_emailed_when_an_address_is_given(client, admin_user_, project):
    client.force_login(admin_user_)
    link = link_in(invite(client, project, email="nadia@example.org"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.org"] and link in mail.outbox[0].body


def test_weak_passwords_are_refused_by_the_validators(client, admin_user_, project):
    client.force_login(admin_user_)
    link = link_in(invite(client, project))
    client.logout()
    response = accept(client, link, "nadia")
    assert response.status_code == 400
    assert not User.objects.get(username="nadia").is_active


@pytest.mark.parametrize("persona", ["reviewer", "editor"])
def test_only_admins_invite(client, project, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert invite(client, project).status_code == 403
    assert not User.objects.filter(username="nadia").exists()


def test_editors_do_not_see_the_invite_form_and_cannot_revoke(client, admin_user_, editor, project):
    client.force_login(admin_user_)
    invite(client, project)
    invitation = Invitation.objects.get()
    client.force_login(editor)
    assert "Invite</button>" not in client.get(reverse("project_members", args=[project.slug])).content.decode()
    assert client.post(reverse("invitation_revoke", args=[project.slug, invitation.pk])).status_code == 403
    assert client.post(reverse("invitation_reissue", args=[project.slug, invitation.pk])).status_code == 403


def test_outsiders_get_404(client, outsider, admin_user_, project):
    client.force_login(admin_user_)
    invite(client, project)
    invitation = Invitation.objects.get()
    client.force_login(outsider)
    assert invite(client, project, username="x").status_code == 404
    assert client.post(reverse("invitation_revoke", args=[project.slug, invitation.pk])).status_code == 404
    assert client.post(reverse("invitation_reissue", args=[project.slug, invitation.pk])).status_code == 404


def test_bad_input_is_a_form_error_not_a_500(client, admin_user_, project):
    client.force_login(admin_user_)
    for data in ({"username": "bad name!", "role": "reviewer"}, {"username": "ok", "role": "boss"},
                 {"username": "ok2", "role": "reviewer", "email": "not-an-address"},
                 {"username": "nul\x00", "role": "reviewer"}):  # fmt: skip
        assert client.post(reverse("invitation_create", args=[project.slug]), data).status_code == 400, data
    assert client.get("/invite/" + "x" * 500 + "/").status_code == 404


def test_inviting_a_member_says_so(client, admin_user_, project, reviewer):
    client.force_login(admin_user_)
    response = invite(client, project, username=reviewer.username)
    assert response.status_code == 400 and "already a member" in response.content.decode()


def test_a_link_never_sets_the_password_of_an_account_in_use(client, admin_user_, project, outsider):
    outsider.set_unusable_password()  # e.g. an account that signs in another way
    outsider.save()
    client.force_login(admin_user_)
    link = link_in(invite(client, project, username=outsider.username))
    client.logout()
    assert "new_password1" not in client.get(link).content.decode()
    assert accept(client, link).status_code == 403
    outsider.refresh_from_db()
    assert not outsider.has_usable_password()
