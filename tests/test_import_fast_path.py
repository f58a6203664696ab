"""The bulk import writes its rows without the ORM's per-row compile (COPY on PostgreSQL, executemany on
SQLite) and skips validator runs it can prove would pass: these tests hold it to what the ORM path stores
and to what the validators say, on whichever database the suite runs on."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import ParseError
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, HistoryEvent
from annotations.services import articles as article_services
from annotations.services.articles import clean_article_fields
from annotations.services.common import body_sha256
from annotations.services.history import article_snapshot, history_event, history_values
from tests.conftest import ARABIC_BODY, COMBINING_BODY, ENGLISH_BODY

NOW = datetime(2026, 3, 18, 9, 30, 15, 123456, tzinfo=UTC)

ITEMS = [
    {"title": "Plain", "body": ENGLISH_BODY},
    {"title": "  Spaces around  ", "body": "Windows\r\nline endings\rand old Mac ones.", "language": "en"},
    {"title": "A date", "body": "Dated text.", "published_at": "2024-03-18", "source": "Wire"},
    {"title": "A moment", "body": "Timed text.", "published_at": "2024-03-18T10:15:00+02:00", "author": "Ana"},
    {"title": "Naive", "body": "Naive time.", "published_at": "2024-03-18T23:59:59.5"},
    {"title": "عنوان", "body": ARABIC_BODY, "language": "ar", "url": "https://example.org/a?b=1#c"},
    {
        "title": "Translated",
        "body": COMBINING_BODY,
        "language": "en",
        "original_language": "pt-BR",
        "original_url": "http://user:pw@example.com:8080/path",
        "url": "https://xn--bcher-kva.example/b%C3%BCcher",
    },
    {"title": "Repeat of the plain one", "body": ENGLISH_BODY},
    {"title": "", "body": "Refused: no title."},
    {"title": "Null fields", "body": "Nulls.", "source": None, "published_at": None, "url": ""},
]


def orm_import(project, items, importer) -> None:
    """The import as it was written with ``bulk_create``: the reference the fast path must store alike."""
    articles, seen = [], set()
    for item in items:
        try:
            values = clean_article_fields(item)
        except ValidationError:  # rejected: skipped by both paths
            continue
        digest = body_sha256(values["body"])
        if digest not in seen:
            seen.add(digest)
            articles.append(Article(project=project, imported_by=importer, body_sha256=digest, **values))
    Article.objects.bulk_create(articles)
    HistoryEvent.objects.bulk_create(
        [
            history_event(
                project=project,
                entity=HistoryEvent.Entity.ARTICLE,
                action=HistoryEvent.Action.CREATE,
                actor=importer,
                article_id=article.pk,
                after=article_snapshot(article),
            )
            for article in articles
        ]
    )


def stored(model, project, skip: set[str]) -> list[tuple]:
    """The article rows of ``project`` in ``model``'s table as stored: every column cast to text (SQLite
    keeps dates and JSON as text; a converter would hide their format), in id order, less ``skip``."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        names = [c.name for c in connection.introspection.get_table_description(cursor, table) if c.name not in skip]
        columns = ", ".join(f"CAST({connection.ops.quote_name(n)} AS TEXT)" for n in names)
        where = "project_id = %s" + (" AND entity = 'article'" if model is HistoryEvent else "")
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY id", [project.pk])  # noqa: S608
        return cursor.fetchall()


def article_ids(project) -> list[int]:
    return list(Article.objects.filter(project=project).order_by("id").values_list("id", flat=True))


@pytest.mark.parametrize("as_system", [False, True], ids=["editor", "system"])
def test_the_fast_import_stores_the_rows_the_orm_path_stores(project, admin_user_, editor, as_system):
    other = services.project_create(name="Reference desk", created_by=admin_user_)
    actor = services.SYSTEM if as_system else editor
    with mock.patch.object(timezone, "now", return_value=NOW):
        results = services.article_import(project=project, items=ITEMS, imported_by=actor)
        orm_import(other, ITEMS, None if as_system else editor)

    assert [r.outcome for r in results].count("created") == 8
    fast_articles, orm_articles = (stored(Article, p, {"id", "project_id"}) for p in (project, other))
    assert fast_articles == orm_articles
    assert len(fast_articles) == 8
    fast_ids = article_ids(project)
    assert [r.article_id for r in results if r.outcome == "created"] == fast_ids  # ids grow in item order
    skip = {"id", "project_id", "article_id"}
    assert stored(HistoryEvent, project, skip) == stored(HistoryEvent, other, skip)
    assert len(stored(HistoryEvent, project, skip)) == 8
    history = HistoryEvent.objects.filter(project=project, entity="article").order_by("id")
    assert list(history.values_list("article_id", flat=True)) == fast_ids


def test_the_history_values_are_the_attributes_of_the_history_event(project, editor):
    fields = {
        "project": project,
        "entity": HistoryEvent.Entity.ARTICLE,
        "action": HistoryEvent.Action.CREATE,
        "actor": editor,
        "article_id": 7,
        "after": {"title": "T"},
    }
    event = history_event(**fields)
    expected = {f.attname: getattr(event, f.attname) for f in HistoryEvent._meta.concrete_fields}
    del expected["id"], expected["created_at"]
    assert history_values(**fields) == expected


def test_a_created_article_is_built_on_demand_as_the_saved_one(project, editor):
    items = [{"title": "One", "body": "First."}, {"title": "Two", "body": "Second."}, {"title": "1b", "body": "First."}]
    results = services.article_import(project=project, items=items, imported_by=editor)

    article = results[0].article
    saved = Article.objects.get(pk=results[0].article_id)
    assert article is not None and article.pk == saved.pk and not article._state.adding
    for f in Article._meta.concrete_fields:
        assert getattr(article, f.attname) == getattr(saved, f.attname), f.name
    assert article.project == project and article.imported_by == editor
    assert results[2].article is article  # the duplicate names the same article
    assert results[2].message == f"The same text was already imported as article #{saved.pk} “One”."
    results[0].article = None  # as article_import_file does when it rolls a file back
    assert results[0].article is None and results[0].article_id is None


URLS = [
    "https://example.org/import/0/1",
    "http://example.org",
    "HTTPS://Example.ORG/Path?q=1#frag",
    "ftp://files.example.com/a b",  # white space in the path: refused
    "https://example.org/a\tb",
    "http://foo?x@example.com",  # user info holding "?"
    "http://foo/x@example.com",
    "http://a:b@c:d@example.com/",
    "http://[::1]:8080/x",
    "http://[::1/x",
    "http://[zz::1]/x",
    "http://localhost/x",
    "http://127.0.0.1:99999/x",
    "http://example.org:/x",
    "http://-bad-.example.org/x",
    "http://münchen.example/straße",
    "http://example.org./x",
    "mailto://example.org/x",
    "javascript:alert(1)//example.org",
    "a:b://example.org/x",
    "//example.org/x",
    "http://" + "a" * 250 + ".com/x",
    "https://example.org/" + "x" * 1990,
    "https://example.org/" + "x" * 2100,
    "http://example.org\u3000/x",
    "http://example.org/\u3000x",
    "http://example.org/\x00",
]


def loads(text: str):
    from annotations.api.parsers import loads  # after DRF's settings, which import the parsers module

    return loads(text)


def validators_say(value: str) -> list[str] | None:
    try:
        Article._meta.get_field("url").run_validators(value)
    except ValidationError as exc:
        return exc.messages
    return None


@pytest.mark.parametrize("value", URLS)
def test_a_url_passes_the_shortcut_only_if_the_validators_accept_it(value):
    for _ in range(2):  # the first look validates the scheme and host, the second remembers them
        if article_services._validators_pass("url", value):
            assert validators_say(value) is None


@pytest.mark.parametrize("value", URLS)
def test_a_url_gets_the_same_errors_with_and_without_the_shortcut(value):
    item = {"title": "T", "body": "B", "url": value, "original_url": value}

    def outcome():
        try:
            return clean_article_fields(item)
        except ValidationError as exc:
            return exc.message_dict

    fast = outcome()
    with mock.patch.object(article_services, "_validators_pass", return_value=False):
        assert outcome() == fast


@settings(max_examples=400, deadline=None)
@given(
    prefix=st.sampled_from(["http://", "https://", "ftp://", "HTTP://", "http:/", "http://u:p@", "file://", ""]),
    rest=st.text(alphabet=st.sampled_from(list("ab.-:@/?#[]1 \t\u00e9\u3000_%~")), max_size=30),
)
def test_generated_urls_pass_the_shortcut_only_if_the_validators_accept_them(prefix, rest):
    value = prefix + rest
    for _ in range(2):
        if article_services._validators_pass("url", value):
            assert validators_say(value) is None, value


def test_the_title_length_shortcut_agrees_with_the_validators():
    for n in (499, 500, 501):
        title = "t" * n
        passes = article_services._validators_pass("title", title)
        try:
            Article._meta.get_field("title").run_validators(title)
        except ValidationError:
            assert not passes
        else:
            assert passes


@pytest.mark.parametrize(
    "text",
    [
        '["\\ud800"]',  # an escaped lone surrogate
        '[{"title": "x", "body": "\\udfff"}]',
        '["a\\u0000", "\\uDBFF"]',
        '["\ud800"]',  # the surrogate itself (a body decoded as UTF-7 can hold one)
    ],
)
def test_a_lone_surrogate_anywhere_in_an_import_is_still_refused(text):
    with pytest.raises(ParseError):
        loads(text)


def test_escaped_surrogate_pairs_and_other_text_still_parse():
    text = json.dumps([{"title": "Fire 🔥", "body": "\\ud800 is written out, not escaped"}])  # ensure_ascii
    assert loads(text)[0]["title"] == "Fire 🔥"
    assert loads('{"a": "\\\\ud800"}') == {"a": "\\ud800"}  # an escaped backslash, then "ud800"


def test_a_utf7_body_with_a_lone_surrogate_is_refused_by_the_import(editor, project):
    client = APIClient()
    client.force_authenticate(editor)
    body = b'[{"title": "T", "body": "+2AA-"}]'  # UTF-7 for a lone \ud800
    response = client.post(
        f"/api/v1/articles/import/?project={project.pk}", body, content_type="application/json; charset=utf-7"
    )
    assert response.status_code == 400
    assert Article.objects.filter(project=project).count() == 0
