"""The import_articles command: text, JSON, JSONL and HTML files, bad files reported and skipped."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from annotations.importing import guess_title
from annotations.models import Article, HistoryEvent, Membership, Project

SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "000_ae52d3995199d49c.txt"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_articles", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def run_failing(*args: str) -> tuple[str, str]:
    out = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_articles", *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue(), str(exc.value)


@pytest.mark.skipif(not SEED.exists(), reason="the seed article lives in ../shared/seeds (not in the repo)")
def test_seed_article_gets_its_headline_as_title_and_keeps_its_body_exactly(db):
    output = run(str(SEED), "--project", "seed")
    article = Article.objects.get()
    assert article.title == "‘Damascus League’ Rebels Kill Iranian General in Damascus"
    assert article.body == SEED.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert "1 imported, 0 duplicates, 0 files rejected" in output


def test_title_rule_skips_logo_caption_and_prefers_a_repeated_headline():
    text = "Logo Wide\n\nBig Storm Hits Coast\n\nStandfirst sentence here.\nBig Storm Hits Coast\n\nBody."
    assert guess_title(text) == "Big Storm Hits Coast"
    assert guess_title("Menu\nShare\nMayor resigns after audit\nBody text.") == "Mayor resigns after audit"
    assert guess_title("One\nTwo") == "One"


def test_text_file_with_title_override_and_crlf_line_endings(db, tmp_path, django_user_model):
    user = django_user_model.objects.create_user("importer")
    path = tmp_path / "a.txt"
    path.write_bytes(b"Headline words here\r\nBody line one.\r\nBody line two.\r\n")
    run(str(path), "--project", "desk", "--user", "importer", "--title", "My title", "--language", "en")
    article = Article.objects.get()
    assert article.title == "My title"
    assert article.body == "Headline words here\nBody line one.\nBody line two.\n"
    assert (article.language, article.imported_by) == ("en", user)
    # The project was created and the importer is its admin.
    assert Membership.objects.get(project__slug="desk", user=user).role == "admin"
    assert HistoryEvent.objects.filter(entity="article", action="create", actor=user).count() == 1


def test_json_array_and_jsonl_files_are_imported_with_their_fields(db, tmp_path):
    items = [
        {"title": "First", "body": "Body one.", "url": "https://example.org/1", "published_at": "2024-03-18"},
        {"title": "Second", "body": "Body two.", "language": "ar", "original_language": "en"},
    ]
    (tmp_path / "a.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"title": "Third", "body": "Body three."}) + "\n\n", encoding="utf-8")
    output = run(str(tmp_path), "--project", "desk")
    assert "3 imported" in output
    first = Article.objects.get(title="First")
    assert first.url == "https://example.org/1" and first.published_at.date().isoformat() == "2024-03-18"
    assert Article.objects.get(title="Second").language == "ar"


def test_duplicate_body_is_skipped_and_reported_with_the_existing_article(db, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"title": "First", "body": "Same body."}), encoding="utf-8")
    run(str(tmp_path / "a.json"), "--project", "desk")
    existing = Article.objects.get()
    (tmp_path / "b.json").write_text(json.dumps({"title": "Again", "body": "Same body."}), encoding="utf-8")
    output = run(str(tmp_path / "b.json"), "--project", "desk")
    assert f"article #{existing.pk} “First”" in output and "0 imported, 1 duplicate" in output
    assert Article.objects.count() == 1


def test_malformed_json_is_rejected_with_its_position(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"title": "x", "body": "y"},\n {"title": ]', encoding="utf-8")
    output, error = run_failing(str(path), "--project", "desk")
    assert "invalid JSON at line 2" in output and "1 of 1 file(s) rejected" in error
    assert not Article.objects.exists()


def test_file_with_one_invalid_article_imports_nothing(db, tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [{"title": "Good", "body": "Good body."}, {"title": "Bad", "body": ""}, {"title": 5, "body": "x"}]
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    output, _ = run_failing(str(path), "--project", "desk")
    assert "article 2: body: The article body is empty." in output
    assert "article 3: title: Must be text." in output
    assert not Article.objects.exists()


def test_bad_files_are_reported_and_good_ones_still_imported(db, tmp_path, settings):
    settings.VERIFIER_IMPORT_MAX_BYTES = 1000
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owner says".encode("latin-1"))
    (tmp_path / "big.txt").write_text("word " * 400, encoding="utf-8")
    (tmp_path / "good.txt").write_text("A perfectly fine headline\nAnd a body.", encoding="utf-8")
    output, error = run_failing(str(tmp_path), "--project", "desk")
    assert "empty.txt: the file is empty" in output
    assert "binary.txt: this is a binary file" in output
    assert "latin1.txt: the file is not UTF-8 text" in output
    assert "big.txt: the file is 2,000 bytes, over the 1,000-byte limit" in output
    assert "1 imported, 0 duplicates, 4 files rejected" in output
    assert "4 of 5 file(s) rejected" in error
    assert list(Article.objects.values_list("title", flat=True)) == ["A perfectly fine headline"]


def test_html_main_text_and_metadata_are_extracted(db, tmp_path):
    paragraph = "The harbour authority said on Monday that twelve hundred containers were moved overnight. " * 3
    html = f"""<!doctype html><html><head><title>Port moves containers | Harbour Times</title>
    <meta property="og:title" content="Port moves 1,200 containers overnight">
    <meta name="author" content="M. Okafor"></head>
    <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Port moves 1,200 containers overnight</h1><p>{paragraph}</p>
    <p>A union spokesperson claimed the night shift had been cut by half since March, which the port denied.</p>
    </article><footer>Copyright Harbour Times</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    run(str(tmp_path / "page.html"), "--project", "desk")
    article = Article.objects.get()
    assert article.title == "Port moves 1,200 containers overnight"
    assert "night shift had been cut by half" in article.body
    assert "Copyright" not in article.body and "News" not in article.body.split("\n")[0]


def test_html_without_article_text_is_rejected(db, tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    output, _ = run_failing(str(tmp_path / "empty.html"), "--project", "desk")
    assert "no article text could be extracted" in output


def test_unknown_user_and_missing_path_are_clear_errors(db, tmp_path):
    (tmp_path / "a.txt").write_text("A headline for the file\nBody.", encoding="utf-8")
    with pytest.raises(CommandError, match="No user named “ghost”"):
        run(str(tmp_path), "--project", "desk", "--user", "ghost")
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "missing.txt"), "--project", "desk")
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("published_at", "message"),
    [
        ("0001-01-01T00:00:00+05:00", "out of range"),
        ("9999-12-31T23:00:00-20:00", "out of range"),
        ("last Tuesday", "ISO 8601"),
    ],
)
def test_unstorable_publication_dates_reject_the_file_instead_of_crashing(db, tmp_path, published_at, message):
    path = tmp_path / "dated.json"
    path.write_text(json.dumps({"title": "Dated", "body": "Body.", "published_at": published_at}), encoding="utf-8")
    output, _ = run_failing(str(path), "--project", "desk")
    assert "published_at: " in output and message in output
    assert not Article.objects.exists()


def test_publication_dates_with_large_offsets_are_stored_in_utc(db, tmp_path):
    path = tmp_path / "dated.json"
    path.write_text(json.dumps({"title": "T", "body": "B.", "published_at": "2024-03-18T23:30:00+20:00"}))
    run(str(path), "--project", "desk")
    assert Article.objects.get().published_at.isoformat() == "2024-03-18T03:30:00+00:00"


def test_a_user_who_is_not_an_editor_of_the_project_may_not_import_into_it(db, tmp_path, django_user_model):
    from annotations import services

    owner = django_user_model.objects.create_user("owner")
    project = services.project_create(name="Desk", slug="desk", created_by=owner)
    reviewer = django_user_model.objects.create_user("rev")
    services.membership_set(project=project, user=reviewer, role="reviewer", actor=owner)
    (tmp_path / "a.txt").write_text("Headline\nBody.", encoding="utf-8")

    _, error = run_failing(str(tmp_path / "a.txt"), "--project", "desk", "--user", "rev")

    assert "editor role" in error and "--user rev" in error
    assert not Article.objects.exists()
    run(str(tmp_path / "a.txt"), "--project", "desk")  # no --user: the system actor, recorded as nobody
    assert Article.objects.get().imported_by is None
