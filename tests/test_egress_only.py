"""Nothing in the project opens an outbound connection except annotations/egress.py."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EGRESS = ROOT / "annotations" / "egress.py"
SKIP_DIRS = {".venv", "tests", "node_modules", "staticfiles", "static", "migrations", ".git", "bench"}
FORBIDDEN_MODULES = ("requests", "urllib.request", "urllib3", "http.client", "httpx", "aiohttp", "httpcore")
FORBIDDEN_CALLS = {
    ("socket", "create_connection"),
    ("socket", "socket"),
    ("trafilatura", "fetch_url"),
    ("trafilatura", "fetch_response"),
}


def project_sources() -> list[Path]:
    return [path for path in ROOT.rglob("*.py") if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts[:-1])]


def forbidden_uses(source: str) -> list[str]:
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in FORBIDDEN_CALLS:
                found.append(f"{node.value.id}.{node.attr}")
            continue
        else:
            continue
        for name in names:
            if any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES) or any(
                name == f"{mod}.{attr}" for mod, attr in FORBIDDEN_CALLS
            ):
                found.append(name)
    return found


def test_the_scan_finds_each_forbidden_use():
    samples = {
        "import requests": "requests",
        "from urllib.request import urlopen": "urllib.request",
        "import http.client": "http.client",
        "import httpx": "httpx",
        "import socket\nsocket.create_connection(('a', 1))": "socket.create_connection",
        "from socket import create_connection": "socket.create_connection",
        "import trafilatura\ntrafilatura.fetch_url('x')": "trafilatura.fetch_url",
    }
    for source, expected in samples.items():
        assert expected in forbidden_uses(source), source
    assert forbidden_uses("from urllib.parse import urlsplit\nimport socket\nsocket.getaddrinfo") == []


def test_only_the_egress_module_opens_outbound_connections():
    offenders = {
        str(path.relative_to(ROOT)): uses
        for path in project_sources()
        if path != EGRESS and (uses := forbidden_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert "httpx" in forbidden_uses(EGRESS.read_text(encoding="utf-8"))  # the scan does see the real one
