"""The rows the project page and the Claims page build in their views (``article_rows``, ``claim_row``) are
exactly what the per-row template markup they replace rendered: kept here as the reference."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.urls import reverse

from annotations import services
from annotations.models import Claim

# The row markup of templates/annotations/claim_list.html before claims.claim_row.
CLAIM_ROW_TEMPLATE = """{% load reader %}  <tr>
    <td data-label="Quote"><a href="{% url 'article_detail' project.slug claim.article_id %}?claim={{ claim.pk }}#claim-panel" dir="auto"{% if claim.article.language %} lang="{{ claim.article.language }}"{% endif %}>{{ claim }}</a></td>
    <td data-label="Statement" dir="auto">{{ claim.statement|default:"—" }}</td>
    <td data-label="Claimant"><bdi>{{ claim.claimant|default:"—" }}</bdi></td>
    <td data-label="Article"><bdi>{{ claim.article.title }}</bdi></td>
    <td data-label="Status"><span class="badge st-{{ claim.shown_status }}">{{ claim.shown_status|status_icon }} {{ claim.shown_status|status_label }}</span></td>
    <td data-label="My verdict">{% if claim.my_label %}<span class="badge st-{{ claim.my_label }}">{{ claim.my_label|status_icon }} {{ claim.my_label|capfirst }}</span>{% else %}<span class="muted">none yet</span>{% endif %}</td>
    <td data-label="Decision">{% if claim.decision_state == "none" %}<span class="muted">{{ claim.get_decision_state_display }}</span>{% else %}<span class="badge dec-{{ claim.decision_state }}">{{ claim.get_decision_state_display }}</span>{% endif %}</td>
    <td data-label="Last change"><time datetime="{{ claim.updated_at|date:'c' }}">{{ claim.updated_at|date:"j M Y H:i" }}</time></td>
  </tr>
"""  # noqa: E501

# The rows of templates/annotations/project_detail.html before projects.article_rows.
ARTICLE_ROWS_TEMPLATE = """{% load reader %}{% url 'claim_list' project.slug as claims_url %}
  {% for article in page.object_list %}
  <tr>
    {% if is_editor %}<td><input type="checkbox" name="articles" value="{{ article.pk }}" id="select-{{ article.pk }}"><label class="sr-only" for="select-{{ article.pk }}">Select {{ article.title }}</label></td>{% endif %}
    <td><a href="{% url 'article_detail' project.slug article.pk %}" dir="auto">{{ article.title }}</a></td>
    <td>{{ article.source|default:"—" }}</td>
    <td>{% for a in article.assignments.all %}{{ a.reviewer.username }}{% if a.done_at %} ✓{% endif %}{% if not forloop.last %}, {% endif %}{% empty %}<span class="muted">—</span>{% endfor %}</td>
    <td>{% if article.claim_count %}<a href="{{ claims_url }}?article={{ article.pk }}">{{ article.claim_count }}</a>{% else %}0{% endif %}</td>
    <td class="counts">
      {% if article.needs_review_count %}<a class="badge st-needs_review" href="{{ claims_url }}?article={{ article.pk }}&amp;status=needs_review">{{ "needs_review"|status_icon }} {{ article.needs_review_count }} needs review</a>{% endif %}
      {% if article.confirmed_count %}<a class="badge st-confirmed" href="{{ claims_url }}?article={{ article.pk }}&amp;status=confirmed">{{ "confirmed"|status_icon }} {{ article.confirmed_count }} confirmed</a>{% endif %}
      {% if article.disputed_count %}<a class="badge st-disputed" href="{{ claims_url }}?article={{ article.pk }}&amp;status=disputed">{{ "disputed"|status_icon }} {{ article.disputed_count }} disputed</a>{% endif %}
      {% if article.unverified_count %}<a class="badge st-unverified" href="{{ claims_url }}?article={{ article.pk }}&amp;status=unverified">{{ "unverified"|status_icon }} {{ article.unverified_count }} unverified</a>{% endif %}
      {% if article.conflict_count %}<a class="badge st-conflict" href="{{ claims_url }}?article={{ article.pk }}&amp;status=conflict">{{ "conflict"|status_icon }} {{ article.conflict_count }} conflict</a>{% endif %}
      {% if article.hidden_count %}<span class="badge st-hidden">{{ "hidden"|status_icon }} {{ article.hidden_count }} hidden until you review</span>{% endif %}
    </td>
  </tr>
  {% endfor %}
"""  # noqa: E501


def squeeze(html: str) -> str:
    """White space between tags does not matter to the page; everything else must be the same."""
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.fixture
def varied(project, article, admin_user_, reviewer, reviewer2, editor):
    """Claims in every state a row shows, with text that must be escaped, in a blind-review project."""
    tricky = services.article_create(
        project=project,
        imported_by=admin_user_,
        title='<script>alert("title")</script> & co',
        body="Il a dit <b>non</b> & « oui » au maire, qui a répondu.",
        language="",
    )
    mine = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers", claimant="Port <boss>")
    theirs = services.claim_create(article=article, created_by=reviewer, quote="the night shift", statement="A & B")
    escaped = services.claim_create(article=tricky, created_by=reviewer, quote="Il a dit <b>non</b> & « oui »")
    conflict = services.claim_create(article=tricky, created_by=reviewer, quote="au maire")
    services.verdict_submit(claim=mine, reviewer=reviewer, label="disputed", rationale="No", base_version=None)
    services.verdict_submit(claim=theirs, reviewer=reviewer2, label="confirmed", rationale="Yes", base_version=None)
    services.verdict_submit(claim=conflict, reviewer=reviewer, label="confirmed", rationale="Yes", base_version=None)
    services.verdict_submit(claim=conflict, reviewer=reviewer2, label="unverified", rationale="?", base_version=None)
    Claim.objects.filter(pk=escaped.pk).update(decision_state="draft")
    Claim.objects.filter(pk=theirs.pk).update(decision_state="published")
    services.project_update(project=project, actor=admin_user_, blind_review=True)
    return project


@pytest.mark.parametrize("who", ["reviewer", "reviewer2", "editor"])
def test_claim_rows_are_what_the_row_template_rendered(client, varied, who, request, settings):
    settings.TIME_ZONE = "Asia/Kolkata"  # "Last change" is shown in local time (+05:30), as the date filter has it
    user: User = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("claim_list", args=[varied.slug]))
    claims = list(response.context["page"].object_list)
    assert len(claims) == 4
    template = Template(CLAIM_ROW_TEMPLATE)
    expected = "".join(template.render(Context({"project": varied, "claim": c})) for c in claims)
    assert squeeze(response.context["rows"]) == squeeze(expected)
    html = response.content.decode()
    assert squeeze(expected) in squeeze(html)
    assert "<script>alert" not in html and "&lt;b&gt;non&lt;/b&gt; &amp; « oui »" in html
    if who == "reviewer2":  # blind review: the claims reviewer2 has no verdict on show as hidden
        assert "st-hidden" in html and "Hidden until you give your verdict" in html


@pytest.mark.parametrize("who", ["reviewer", "reviewer2", "editor"])
def test_article_rows_are_what_the_row_template_rendered(client, varied, who, request):
    from annotations.models import Article

    user = request.getfixturevalue(who)
    editor, reviewer, reviewer2 = (request.getfixturevalue(name) for name in ("editor", "reviewer", "reviewer2"))
    first = varied.articles.order_by("id").first()
    services.assignment_create(article=first, reviewer=reviewer, actor=editor)
    done = services.assignment_create(article=first, reviewer=reviewer2, actor=editor)
    services.assignment_complete(assignment=done, actor=reviewer2)
    services.article_create(project=varied, imported_by=editor, title="No claims <yet>", body="Nothing.", source="")
    client.force_login(user)
    response = client.get(reverse("project_detail", args=[varied.slug]))
    articles = list(response.context["page"].object_list)
    assert len(articles) == 3
    # The reference rows: the page's articles read afresh, with the counts the template read from
    # the annotated queryset it replaced, recounted here claim by claim as the caller sees their statuses.
    reference = list(Article.objects.filter(pk__in=[a.pk for a in articles]).order_by("-created_at", "-id"))
    assert [a.pk for a in reference] == [a.pk for a in articles]
    for article in reference:
        shown = Counter(
            Claim.objects.filter(article=article).with_visible_status(user).values_list("shown_status", flat=True)
        )
        article.claim_count = sum(shown.values())
        for status in ["needs_review", "confirmed", "disputed", "unverified", "conflict", "hidden"]:
            setattr(article, f"{status}_count", shown[status])
    context = {"project": varied, "page": {"object_list": reference}, "is_editor": response.context["is_editor"]}
    expected = Template(ARTICLE_ROWS_TEMPLATE).render(Context(context))
    assert squeeze(response.context["rows"]) == squeeze(expected)
    assert squeeze(expected) in squeeze(response.content.decode())
    html = response.content.decode()
    assert "<script>alert" not in html and "No claims &lt;yet&gt;" in html
    assert ('type="checkbox"' in html) is (who == "editor")
    if who == "reviewer2":
        assert any(a.hidden_count for a in reference) and "hidden until you review" in html
    assert "rita-reviewer, rob-reviewer ✓" in html


# The list of claims in templates/annotations/article_detail.html before the claim_list_items tag.
READER_LIST_TEMPLATE = """{% load reader decisions %}{% for c in claims %}
        <li{% if c.pk == selected.pk %} class="current"{% endif %}>
          <a href="{{ article_url }}?claim={{ c.pk }}#claim-panel" data-claim-link="{{ c.pk }}"{% if c.pk == selected.pk %} aria-current="true"{% endif %}><span class="badge st-{{ c.shown_status }}">{{ c.shown_status|status_icon }} {{ c.shown_status|status_label }}</span>{% decision_pill c %} <span dir="{{ article.direction }}">{{ c }}</span></a>
        </li>
        {% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("who", ["reviewer", "reviewer2", "editor"])
@pytest.mark.parametrize("open_claim", [False, True])
def test_the_readers_claim_list_is_what_the_list_template_rendered(client, varied, who, open_claim, request):
    from annotations.models import Decision, RatingItem

    client.force_login(request.getfixturevalue(who))
    tricky = varied.articles.get(title__startswith="<script>")
    # Decisions with a rating (published shows it, draft does not), on claims of this article.
    claims = list(Claim.objects.filter(article=tricky).order_by("id"))
    rating = RatingItem.objects.create(project=varied, name="Mostly <false>", verdict="disputed", value=2)
    for claim, state in zip(claims, ["published", "draft"], strict=True):
        Decision.objects.create(
            claim=claim, project=varied, rating=rating, state=state, explanation="Why", as_of="2026-01-01"
        )
        Claim.objects.filter(pk=claim.pk).update(decision_state=state)
    response = client.get(tricky.get_absolute_url(), {"claim": claims[0].pk} if open_claim else {})
    assert response.status_code == 200
    context = response.context
    expected = Template(READER_LIST_TEMPLATE).render(
        Context({k: context.get(k) for k in ("claims", "selected", "article_url", "article")})
    )
    assert squeeze(expected) in squeeze(response.content.decode())
    assert ("aria-current" in expected) is open_claim
    assert 'class="badge dec-published"' in expected and 'class="badge dec-draft"' in expected
    assert expected.count("Mostly &lt;false&gt;") == 1  # published shows the rating, a draft does not
