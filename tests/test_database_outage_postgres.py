"""The database goes away (a TCP proxy in front of PostgreSQL is closed) and comes back: pages and the
API answer 503 with Retry-After meanwhile, never 500; service resumes by itself; nothing is half-written."""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Claim, HistoryEvent


class TcpProxy:
    """Forwards 127.0.0.1:<port> to the database; ``close()`` cuts every connection and refuses new ones."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.open()

    def open(self) -> None:
        self.up = True
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def close(self) -> None:
        self.up = False
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def proxied_database(require_postgres):
    settings_dict = connection.settings_dict
    original = (settings_dict["HOST"], settings_dict["PORT"])
    proxy = TcpProxy((settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)))
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(proxy.port)
    yield proxy
    proxy.close()
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = original


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pages_and_api_answer_503_while_the_database_is_away_and_recover(
    proxied_database, editor, project, article, monkeypatch
):
    web = Client(raise_request_exception=False)
    web.force_login(editor)
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(editor)
    assert web.get(project.get_absolute_url()).status_code == 200
    assert api.get("/api/v1/claims/").status_code == 200

    proxied_database.close()
    page = web.get(project.get_absolute_url())
    assert page.status_code == 503
    assert page["Retry-After"] == "10"
    assert b"Temporarily unavailable" in page.content
    listed = api.get("/api/v1/claims/")
    assert listed.status_code == 503
    assert listed.json()["detail"].startswith("The database is temporarily unavailable")
    ready = Client(raise_request_exception=False).get("/readyz")
    assert (ready.status_code, ready.json()["database"]) == (503, "unreachable")
    assert Client().get("/healthz").status_code == 200

    proxied_database.open()
    assert web.get(project.get_absolute_url()).status_code == 200
    assert api.get("/api/v1/claims/").status_code == 200
    assert Client().get("/readyz").json() == {"database": "ok", "migrations": "ok"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_cut_off_half_way_leaves_nothing_behind(proxied_database, editor, project, article, monkeypatch):
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(editor)
    real_history_record = services.claims.history_record

    def cut_then_record(**kwargs):
        proxied_database.close()  # the claim row is inserted, its history row is next: the database goes away
        return real_history_record(**kwargs)

    monkeypatch.setattr(services.claims, "history_record", cut_then_record)
    response = api.post("/api/v1/claims/", {"article": article.pk, "quote": "1,200 containers were moved overnight"})
    assert response.status_code == 503
    assert response["Retry-After"] == "10"

    monkeypatch.setattr(services.claims, "history_record", real_history_record)
    proxied_database.open()
    assert Claim.objects.filter(article=article).count() == 0
    assert not HistoryEvent.objects.filter(entity="claim").exists()
    again = api.post("/api/v1/claims/", {"article": article.pk, "quote": "1,200 containers were moved overnight"})
    assert again.status_code == 201
    assert Claim.objects.filter(article=article).count() == 1
