"""The article reader: highlighted claims, status cues, right-to-left text, the claim panel."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from django.urls import reverse

from annotations import services
from tests.conftest import ARABIC_BODY, ENGLISH_BODY


class BodyText(HTMLParser):
    """The text content of ``#article-body`` as a browser sees it, and its ``<mark>`` attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.marks: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 1
            if tag == "mark":
                self.marks.append(attrs)
        elif attrs.get("id") == "article-body":
            self.depth = 1
            self.attrs = attrs

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def body_of(response) -> BodyText:
    parser = BodyText()
    parser.feed(response.content.decode())
    return parser


def url(article, claim=None) -> str:
    base = reverse("article_detail", args=[article.project.slug, article.pk])
    return f"{base}?claim={claim.pk}" if claim else base


def test_the_text_content_of_the_highlighted_body_is_exactly_the_article_body(client, reviewer, article):
    services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    services.claim_create(article=article, created_by=reviewer, quote="containers were moved")  # overlaps
    client.force_login(reviewer)
    body = body_of(client.get(url(article)))
    # Browser selections are mapped back to offsets through this text, so it must not differ by a space.
    assert "".join(body.text) == ENGLISH_BODY


def test_overlapping_claims_are_both_visible(client, reviewer, article):
    outer = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    inner = services.claim_create(article=article, created_by=reviewer, quote="containers were moved")
    client.force_login(reviewer)
    marks = body_of(client.get(url(article))).marks
    shared = [m for m in marks if m["data-claims"].split() == [str(inner.pk), str(outer.pk)]]
    assert shared, marks  # the overlap lists both claims, the shortest first
    assert "depth-2" in shared[0]["class"]
    assert "2 overlapping claims" in shared[0]["title"]


def test_status_is_shown_by_text_and_icon_not_colour_alone(client, reviewer, article):
    claim = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    services.verdict_submit(claim=claim, reviewer=reviewer, label="disputed", rationale="No", base_version=None)
    client.force_login(reviewer)
    response = client.get(url(article))
    [mark] = body_of(response).marks
    assert mark["data-status"] == "disputed"
    assert "Disputed" in mark["title"]
    assert "claim-start" in mark["class"]  # gets the ✗ icon from the stylesheet
    assert "✗ Disputed</span>" in response.content.decode()  # the claim list says it in words


def test_a_right_to_left_article_is_shown_right_to_left(client, reviewer, arabic_article):
    client.force_login(reviewer)
    body = body_of(client.get(url(arabic_article)))
    assert body.attrs["dir"] == "rtl"
    assert body.attrs["lang"] == "ar"
    assert "".join(body.text) == ARABIC_BODY


def test_clicking_a_claim_opens_its_panel_with_verdicts_and_history(client, reviewer, reviewer2, editor, claim):
    services.verdict_submit(
        claim=claim,
        reviewer=reviewer2,
        label="disputed",
        rationale="The log says 800.",
        evidence=[{"url": "https://example.org/log", "title": "Port log", "stance": "refutes"}],
        base_version=None,
    )
    services.claim_update(claim=claim, actor=editor, expected_version=1, statement="1,200 containers moved")
    client.force_login(reviewer)
    response = client.get(url(claim.article, claim))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["claim"] == claim
    assert "1,200 containers were moved overnight</blockquote>" in page
    assert "rob-reviewer</strong>" in page and "The log says 800." in page and "Port log" in page
    history = response.context["history"]
    assert [(e.actor_username, e.entity, e.action) for e in history] == [
        ("rita-reviewer", "claim", "create"),
        ("rob-reviewer", "verdict", "create"),
        ("erin-editor", "claim", "update"),
    ]
    assert "<del>—</del> → <ins>1,200 containers moved</ins>" in page
    assert 'name="base_version"' in page


def test_a_claim_of_another_article_or_a_bad_claim_id_is_404(client, reviewer, claim, arabic_article):
    client.force_login(reviewer)
    assert client.get(url(arabic_article, claim)).status_code == 404
    assert client.get(url(claim.article) + "?claim=abc").status_code == 404


def test_an_outsider_gets_404_for_the_article(client, outsider, claim):
    client.force_login(outsider)
    assert client.get(url(claim.article)).status_code == 404
    assert client.get(url(claim.article, claim)).status_code == 404


def test_an_article_of_another_project_is_404_even_under_a_project_the_user_belongs_to(client, outsider, reviewer):
    other_article = outsider.projects.get().articles.get()
    client.force_login(reviewer)
    assert client.get(reverse("article_detail", args=["harbour-desk", other_article.pk])).status_code == 404


def test_html_in_an_article_is_shown_as_text(client, reviewer, project, admin_user_):
    article = services.article_create(
        project=project, imported_by=admin_user_, title="<b>bold</b>", body="Says <script>alert(1)</script> here."
    )
    client.force_login(reviewer)
    page = client.get(url(article)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_data_for_the_script_comes_from_json_script_and_there_is_no_inline_script(client, reviewer, claim):
    client.force_login(reviewer)
    page = client.get(url(claim.article)).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    inline = [attrs for attrs, body in scripts if body.strip() and 'type="application/json"' not in attrs]
    assert inline == []
    [data] = [body for attrs, body in scripts if 'id="reader-data"' in attrs]
    assert f'"id": {claim.pk}, "start": {claim.start}, "end": {claim.end}' in html.unescape(data)
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers
    assert not re.search(r"\sstyle=", page)  # no inline styles (the CSP forbids them)


def test_the_query_count_does_not_grow_with_claims_and_verdicts(
    client, reviewer, reviewer2, editor, article, django_assert_num_queries
):
    first = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers")
    client.force_login(reviewer)
    # session, user, my memberships with their projects, article, claims with their creators, the open claim's
    # verdicts with reviewers, the open claim's history, the article's assignments with reviewers,
    # the open claim's comments, its decision
    with django_assert_num_queries(10):
        client.get(url(article, first))
    for quote in ["port authority", "night shift", "cut by half", "safety inspection", "Officials denied"]:
        claim = services.claim_create(article=article, created_by=reviewer2, quote=quote)
        for who in (reviewer, reviewer2, editor):
            services.verdict_submit(claim=claim, reviewer=who, label="unverified", base_version=None)
    for who in (reviewer2, editor):
        services.verdict_submit(claim=first, reviewer=who, label="unverified", base_version=None)
    with django_assert_num_queries(10):
        response = client.get(url(article, first))
    assert len(response.context["claims"]) == 6
    assert len(response.context["other_verdicts"]) == 2
