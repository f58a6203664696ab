"""The shortcut dialog lists every shortcut; single-key shortcuts can be turned off per user (server-side)."""

from __future__ import annotations

from django.urls import reverse

from annotations.models import UserPreference

SETTING_URL = reverse("shortcut_preference")


def test_the_dialog_lists_every_shortcut_including_ctrl_enter_and_esc(client, reviewer, claim):
    client.force_login(reviewer)
    for url in (
        claim.article.get_absolute_url() + f"?claim={claim.pk}",
        reverse("review_queue", args=["harbour-desk"]),
    ):
        html = client.get(url).content.decode()
        for key in ("<kbd>1</kbd>", "<kbd>2</kbd>", "<kbd>3</kbd>", "<kbd>n</kbd>", "<kbd>?</kbd>", "<kbd>Esc</kbd>"):
            assert key in html, (url, key)
        assert "<kbd>Ctrl</kbd>+<kbd>Enter</kbd>" in html
        assert 'data-single-keys="on"' in html


def test_a_user_turns_single_key_shortcuts_off_and_on_and_only_for_themselves(client, reviewer, reviewer2, claim):
    reader = claim.article.get_absolute_url()
    client.force_login(reviewer)
    response = client.post(SETTING_URL, {"next": reader})
    assert response.status_code == 302 and response["Location"] == reader
    assert UserPreference.objects.get(user=reviewer).single_key_shortcuts is False
    html = client.get(reader).content.decode()
    assert 'data-single-keys="off"' in html and "Single-key shortcuts are off." in html
    client.force_login(reviewer2)
    assert 'data-single-keys="on"' in client.get(reader).content.decode()
    client.force_login(reviewer)
    client.post(SETTING_URL, {"single_key_shortcuts": "1", "next": reader})
    assert UserPreference.objects.get(user=reviewer).single_key_shortcuts is True


def test_the_setting_never_redirects_off_site_and_needs_a_login(client, reviewer):
    client.force_login(reviewer)
    response = client.post(SETTING_URL, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
    client.logout()
    assert client.post(SETTING_URL, {}).status_code == 302
    assert client.get(SETTING_URL).status_code in (302, 405)


def test_the_setting_costs_no_extra_query_on_the_reader(client, reviewer, claim, django_assert_num_queries):
    UserPreference.objects.create(user=reviewer, single_key_shortcuts=False)
    client.force_login(reviewer)
    url = claim.article.get_absolute_url()
    # session, user, my memberships with their projects and my preference (one join), article, claims of the
    # article, the article's assignments
    with django_assert_num_queries(6):
        html = client.get(url).content.decode()
    assert 'data-single-keys="off"' in html
