"""The egress client refuses every internal address, however it is written, and caps time and size."""

from __future__ import annotations

import httpx
import pytest

from annotations import egress

from .local_http import html, local_server, redirect


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://2130706433/", "loopback"),  # decimal
        ("http://0177.0.0.1/", "loopback"),  # octal
        ("http://0x7f.1/", "loopback"),  # hex, short form
        ("http://127.1/", "loopback"),  # short form
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "IPv6 form of 127.0.0.1"),
        ("http://[::ffff:7f00:1]/", "IPv6 form of 127.0.0.1"),
        ("http://[::ffff:10.0.0.1]/", "IPv6 form of 10.0.0.1"),
        ("http://[64:ff9b::a9fe:a9fe]/", "IPv6 form of 169.254.169.254"),
        ("http://[2002:c0a8:0101::1]/", "IPv6 form of 192.168.1.1"),
        ("http://10.1.2.3/", "private"),
        ("http://172.16.0.1/", "private"),
        ("http://192.168.0.10/", "private"),
        ("http://100.64.0.1/", "carrier-grade NAT"),
        ("http://[fc00::1]/", "private"),
        ("http://[fd12:3456::1]/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://240.0.0.1/", "address"),
        ("http://255.255.255.255/", "address"),
    ],
)
def test_internal_addresses_are_refused_in_every_spelling(url, reason, settings):
    settings.VERIFIER_OUTBOUND_ALLOW = []
    with pytest.raises(egress.EgressRefused, match="Refused") as info:
        egress.fetch(url)
    assert reason in str(info.value)


@pytest.mark.parametrize("url", ["ftp://example.org/x", "file:///etc/passwd", "gopher://example.org/", "javascript:1"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(egress.EgressRefused, match="only http and https"):
        egress.fetch(url)


def test_a_hostname_resolving_to_a_private_address_is_refused(monkeypatch, settings):
    settings.VERIFIER_OUTBOUND_ALLOW = []
    monkeypatch.setattr(egress, "_resolve", lambda host, port: ["93.184.215.14", "10.0.0.7"])
    with pytest.raises(egress.EgressRefused, match=r"news\.example resolves to 10\.0\.0\.7 is a private address"):
        egress.fetch("https://news.example/story")


def test_the_connection_goes_to_the_checked_address_not_a_second_lookup(monkeypatch, settings):
    """DNS rebinding: the first answer is public, a later one would be 127.0.0.1. The host is looked up
    once, and the request is sent to the address that was checked, under the original name."""
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])
    lookups: list[str] = []
    sent: list[egress.Target] = []

    def resolve(host: str, port: int) -> list[str]:
        lookups.append(host)
        return next(answers)

    def send_once(client, target, **kwargs):
        sent.append(target)
        return httpx.Response(200, content=b"public")

    monkeypatch.setattr(egress, "_resolve", resolve)
    monkeypatch.setattr(egress, "_send_once", send_once)
    settings.VERIFIER_OUTBOUND_ALLOW = []
    response = egress.fetch("http://rebind.example:8080/a?b=1")
    assert response.content == b"public"
    assert lookups == ["rebind.example"]
    assert [(str(t.address), t.hostname, t.port, t.raw_path) for t in sent] == [
        ("93.184.215.14", "rebind.example", 8080, b"/a?b=1")
    ]


def test_a_named_host_is_connected_at_the_checked_address_with_its_name_as_host_header(monkeypatch, settings):
    with local_server() as server:
        server.routes["/page"] = html("<p>hello</p>")
        monkeypatch.setattr(egress, "_resolve", lambda host, port: ["127.0.0.1"])
        settings.VERIFIER_OUTBOUND_ALLOW = [f"intranet.example:{server.port}"]
        response = egress.fetch(f"http://intranet.example:{server.port}/page")
    assert response.status_code == 200
    assert server.requests[0].headers["host"] == f"intranet.example:{server.port}"
    assert response.final_url == f"http://intranet.example:{server.port}/page"


def test_an_allowed_local_server_is_fetched_with_a_clear_user_agent_and_no_credentials(settings):
    with local_server() as server:
        server.routes["/a"] = html("<p>ok</p>")
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        response = egress.fetch(server.base.replace("http://", "http://user:secret@") + "/a")
    assert response.status_code == 200
    assert response.text == "<p>ok</p>"
    sent = server.requests[0].headers
    assert sent["user-agent"].startswith("verifier/")
    assert "authorization" not in sent
    assert "cookie" not in sent


def test_credentials_headers_are_refused():
    with pytest.raises(egress.EgressRefused, match="never carry Authorization"):
        egress.fetch("https://example.org/", headers={"Authorization": "Bearer x"})


def test_the_allow_list_matches_the_port_too(settings):
    with local_server() as server:
        settings.VERIFIER_OUTBOUND_ALLOW = [f"127.0.0.1:{server.port + 1}"]
        with pytest.raises(egress.EgressRefused, match="loopback"):
            egress.fetch(server.url("/"))


def test_a_redirect_from_an_allowed_host_to_a_loopback_port_is_refused(settings):
    with local_server() as allowed, local_server() as internal:
        internal.routes["/secret"] = html("internal")
        allowed.routes["/go"] = redirect(internal.url("/secret"))
        settings.VERIFIER_OUTBOUND_ALLOW = [allowed.allow]
        with pytest.raises(egress.EgressRefused, match=rf"127\.0\.0\.1:{internal.port}/secret.*loopback"):
            egress.fetch(allowed.url("/go"))
    assert internal.requests == []


def test_three_redirects_arrive_and_four_are_refused(settings):
    with local_server() as server:
        for i in range(4):
            server.routes[f"/r{i}"] = redirect(f"/r{i + 1}")
        server.routes["/r4"] = html("end")
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        response = egress.fetch(server.url("/r1"))  # 3 redirects
        assert response.status_code == 200
        assert response.final_url == server.url("/r4")
        with pytest.raises(egress.EgressRefused, match="more than 3 redirects"):
            egress.fetch(server.url("/r0"))  # 4 redirects


def test_caller_headers_are_not_forwarded_on_a_redirect(settings):
    with local_server() as server:
        server.routes["/start"] = redirect("/next", status=307)
        server.routes["/next"] = html("ok")
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        egress.fetch(server.url("/start"), headers={"X-Verifier-Signature": "t=1,v1=ab"})
    assert server.requests[0].headers.get("x-verifier-signature") == "t=1,v1=ab"
    assert "x-verifier-signature" not in server.requests[1].headers


def test_an_oversized_response_is_refused_by_its_declared_length(settings):
    with local_server() as server:
        server.routes["/big"] = html("x" * 5000)
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        with pytest.raises(egress.EgressTooLarge, match="larger than 1000 bytes"):
            egress.fetch(server.url("/big"), max_bytes=1000)


def test_an_oversized_response_without_a_length_is_cut_off_while_streaming(settings):
    with local_server() as server:
        server.routes["/stream"] = lambda _r: (200, {"Connection": "close"}, [(0, b"x" * 600)] * 5)
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        with pytest.raises(egress.EgressTooLarge, match="larger than 1000 bytes"):
            egress.fetch(server.url("/stream"), max_bytes=1000)


def test_a_server_that_never_answers_times_out(settings):
    with local_server() as server:
        server.routes["/slow"] = lambda _r: (200, {"Connection": "close"}, [(2.0, b"late")])
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        with pytest.raises(egress.EgressTimeout, match="Timed out"):
            egress.fetch(server.url("/slow"), read_timeout=0.3)


def test_a_trickling_server_hits_the_total_deadline(settings):
    with local_server() as server:
        # Each chunk arrives within the read timeout, but together they take far longer than the deadline.
        server.routes["/trickle"] = lambda _r: (200, {"Connection": "close"}, [(0.2, b"x")] * 20)
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        with pytest.raises(egress.EgressTimeout, match="total deadline"):
            egress.fetch(server.url("/trickle"), read_timeout=1.0, deadline=0.8)


def test_a_closed_port_is_a_connection_error(settings):
    with local_server() as server:
        port = server.port
    settings.VERIFIER_OUTBOUND_ALLOW = [f"127.0.0.1:{port}"]
    with pytest.raises(egress.EgressConnectionError, match="Could not connect"):
        egress.fetch(f"http://127.0.0.1:{port}/")
