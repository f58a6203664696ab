"""The one way this app talks to other servers: every outbound HTTP request goes through ``fetch``.

Why a module of its own: URL import and webhooks let users name a URL the server then requests, which is
how Label Studio's SSRF advisories happened (CVE-2022-36551, CVE-2023-47116, CVE-2025-25297). Here:

- only ``http``/``https``; user:password in the URL is dropped, credentials are never sent;
- the host is resolved *here*; if any address it resolves to is loopback, private (RFC 1918, CGNAT,
  ULA), link-local (incl. 169.254.169.254 metadata), multicast, reserved or unspecified - or an
  IPv4-mapped/compatible/6to4/NAT64 IPv6 form of one - the request is refused. Numeric hosts are read the
  way ``inet_aton`` (and so curl and browsers) read them: ``2130706433``, ``0177.0.0.1``, ``0x7f.1`` and
  ``127.1`` are all 127.0.0.1;
- the connection goes to the address that was checked (the URL is rewritten to that IP, the ``Host``
  header and TLS SNI/certificate check keep the name), so a second DNS answer (rebinding) is never used;
- at most ``MAX_REDIRECTS`` redirects, each hop checked again, with only our own headers;
- connect/read timeouts, a total deadline, and a cap on the bytes read (streamed, never buffered whole);
- ``OUTBOUND_ALLOW`` (``host`` or ``host:port``, comma-separated) lets an operator reach named internal
  hosts; nothing else is exempt.

A test (``tests/test_egress_only.py``) fails if any other module imports an HTTP client.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

MAX_REDIRECTS = 3
USER_AGENT = "verifier/1.0 (claim-verification tool; outbound fetcher; +https://github.com/verifier)"
REDIRECT_CODES = {301, 302, 303, 307, 308}
# Headers a caller may set; anything that carries credentials is refused outright.
FORBIDDEN_HEADERS = {"authorization", "cookie", "proxy-authorization", "host"}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class EgressError(Exception):
    """An outbound request did not produce a response; the message says why, for a person to read."""


class EgressRefused(EgressError):
    """The request was refused before anything was sent (scheme, address, redirect count)."""


class EgressTimeout(EgressError):
    """A connect/read timeout or the total deadline passed."""


class EgressTooLarge(EgressError):
    """The response body is larger than allowed."""


class EgressConnectionError(EgressError):
    """The connection failed (refused, reset, TLS error)."""


@dataclass(frozen=True)
class EgressResponse:
    """A complete response: the URL asked for (without user:password), the URL that answered (after
    redirects) and the body."""

    url: str
    final_url: str
    status_code: int
    headers: httpx.Headers
    content: bytes
    elapsed: float

    @property
    def text(self) -> str:
        """The body decoded by the charset the server declared (UTF-8 if none or unknown)."""
        charset = httpx.Response(200, headers={"content-type": self.headers.get("content-type", "")}).charset_encoding
        try:
            return self.content.decode(charset or "utf-8", errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect (``address``) and what to call it (``hostname``)."""

    scheme: str
    hostname: str
    port: int
    address: IPAddress
    raw_path: bytes
    url: str  # the URL without userinfo or fragment


def _resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (a seam the tests replace to simulate DNS answers)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def parse_ip_literal(host: str) -> IPAddress | None:
    """``host`` as an IP address if it is written as one in any form a resolver accepts, else ``None``."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefxABCDEFX." for c in host) and host[0].isdigit():
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # IPv4-compatible ::a.b.c.d (deprecated)
        return ipaddress.IPv4Address(int(ip))
    return None


def address_problem(ip: IPAddress) -> str | None:
    """Why ``ip`` may not be contacted (``"a loopback address"``…), or ``None`` for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            problem = address_problem(inner)
            return f"an IPv6 form of {inner}, {problem}" if problem else None
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address (cloud metadata lives here)"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    )
    for attribute, reason in checks:
        if getattr(ip, attribute):
            return reason
    if isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "a private address (carrier-grade NAT)"
    if not ip.is_global:
        return "not a public address"
    return None


def _allowed(hostname: str, port: int) -> bool:
    host_ip = parse_ip_literal(hostname)
    for entry in getattr(settings, "VERIFIER_OUTBOUND_ALLOW", []):
        entry = entry.strip().lower()
        if entry.startswith("["):  # [v6]:port or [v6]
            name, _, rest = entry[1:].partition("]")
            entry_port = rest[1:] if rest.startswith(":") else ""
        elif entry.count(":") == 1:
            name, entry_port = entry.split(":")
        else:
            name, entry_port = entry, ""
        entry_ip = parse_ip_literal(name)
        same_host = (entry_ip is not None and entry_ip == host_ip) or name == hostname
        if same_host and (not entry_port or entry_port == str(port)):
            return True
    return False


def check_url(url: str) -> Target:
    """Check ``url`` and pick the address to connect to; raise ``EgressRefused`` with the reason."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise EgressRefused(f"Refused {url!r}: not a valid URL ({exc}).") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise EgressRefused(f"Refused {url!r}: only http and https URLs can be fetched.")
    hostname = (parts.hostname or "").lower().rstrip(".")
    if not hostname:
        raise EgressRefused(f"Refused {url!r}: the URL has no host.")
    port = port or (443 if scheme == "https" else 80)
    allowed = _allowed(hostname, port)
    literal = parse_ip_literal(hostname)
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        try:
            hostname.encode("idna")
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in _resolve(hostname, port)]
        except (OSError, UnicodeError, ValueError) as exc:
            raise EgressRefused(f"Refused {url!r}: the host {hostname} cannot be resolved.") from exc
        if not addresses:
            raise EgressRefused(f"Refused {url!r}: the host {hostname} cannot be resolved.")
    if not allowed:
        for address in addresses:
            problem = address_problem(address)
            if problem:
                where = f"{hostname} resolves to {address}" if literal is None else f"{address}"
                raise EgressRefused(f"Refused {url!r}: {where} is {problem}.")
    path = parts.path or "/"
    raw_path = (path + (f"?{parts.query}" if parts.query else "")).encode("ascii", "strict") if path.isascii() else b""
    if not raw_path:
        raw_path = httpx.URL(scheme=scheme, host="localhost", path=path, query=parts.query.encode()).raw_path
    default_port = 443 if scheme == "https" else 80
    netloc = hostname if ":" not in hostname else f"[{hostname}]"
    clean = f"{scheme}://{netloc}{'' if port == default_port else f':{port}'}{raw_path.decode('ascii')}"
    return Target(scheme, hostname, port, addresses[0], raw_path, clean)


def fetch(
    url: str,
    *,
    method: str = "GET",
    content: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    follow_redirects: bool = True,
    max_bytes: int | None = None,
    deadline: float | None = None,
    connect_timeout: float | None = None,
    read_timeout: float | None = None,
) -> EgressResponse:
    """Send one request (following up to ``MAX_REDIRECTS`` checked redirects) and read the whole body.

    Raises ``EgressRefused``, ``EgressTimeout``, ``EgressTooLarge`` or ``EgressConnectionError``; an HTTP
    error status is a response like any other.
    """
    max_bytes = settings.VERIFIER_OUTBOUND_MAX_BYTES if max_bytes is None else max_bytes
    deadline = settings.VERIFIER_OUTBOUND_DEADLINE if deadline is None else deadline
    connect_timeout = settings.VERIFIER_OUTBOUND_CONNECT_TIMEOUT if connect_timeout is None else connect_timeout
    read_timeout = settings.VERIFIER_OUTBOUND_READ_TIMEOUT if read_timeout is None else read_timeout
    extra = dict(headers or {})
    bad = sorted(k for k in extra if k.lower() in FORBIDDEN_HEADERS)
    if bad:
        raise EgressRefused(f"Refused: outbound requests never carry {', '.join(bad)} headers.")
    started = time.monotonic()
    ends_at = started + deadline
    current, redirects = url, 0
    first_url = ""
    # trust_env=False: no proxy variables, no ~/.netrc credentials.
    with httpx.Client(trust_env=False, follow_redirects=False, verify=True) as client:
        while True:
            target = check_url(current)
            first_url = first_url or target.url
            response = _send_once(
                client,
                target,
                method=method,
                content=content,
                headers=extra,
                max_bytes=max_bytes,
                ends_at=ends_at,
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
            )
            location = response.headers.get("location")
            if follow_redirects and response.status_code in REDIRECT_CODES and location:
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    raise EgressRefused(f"Refused {url!r}: more than {MAX_REDIRECTS} redirects.")
                current = urljoin(target.url, location)
                if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
                    method, content = "GET", None
                # Caller headers (e.g. a signature) belong to the first host only.
                extra = {}
                continue
            return EgressResponse(
                url=first_url,
                final_url=target.url,
                status_code=response.status_code,
                headers=response.headers,
                content=response.content,
                elapsed=time.monotonic() - started,
            )


def _send_once(
    client: httpx.Client,
    target: Target,
    *,
    method: str,
    content: bytes | None,
    headers: Mapping[str, str],
    max_bytes: int,
    ends_at: float,
    connect_timeout: float,
    read_timeout: float,
) -> httpx.Response:
    remaining = ends_at - time.monotonic()
    if remaining <= 0:
        raise EgressTimeout(f"Timed out fetching {target.url}: the total deadline passed.")
    timeout = httpx.Timeout(
        connect=min(connect_timeout, remaining),
        read=min(read_timeout, remaining),
        write=min(read_timeout, remaining),
        pool=min(connect_timeout, remaining),
    )
    host_header = target.hostname if ":" not in target.hostname else f"[{target.hostname}]"
    default_port = 443 if target.scheme == "https" else 80
    if target.port != default_port:
        host_header += f":{target.port}"
    request = httpx.Request(
        method,
        httpx.URL(scheme=target.scheme, host=str(target.address), port=target.port, raw_path=target.raw_path),
        headers={
            "Host": host_header,
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip, deflate",
            **headers,
        },
        content=content,
        extensions={"timeout": timeout.as_dict(), "sni_hostname": target.hostname},
    )
    try:
        response = client.send(request, stream=True)
    except httpx.TimeoutException as exc:
        raise EgressTimeout(f"Timed out connecting to {target.url}.") from exc
    except httpx.HTTPError as exc:
        raise EgressConnectionError(f"Could not connect to {target.url}: {exc or type(exc).__name__}.") from exc
    try:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise EgressTooLarge(f"Refused {target.url}: the response is larger than {max_bytes} bytes.")
        chunks: list[bytes] = []
        received = 0
        for chunk in response.iter_bytes():
            received += len(chunk)
            if received > max_bytes:
                raise EgressTooLarge(f"Refused {target.url}: the response is larger than {max_bytes} bytes.")
            if time.monotonic() > ends_at:
                raise EgressTimeout(f"Timed out fetching {target.url}: the total deadline passed.")
            chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise EgressTimeout(f"Timed out reading {target.url}.") from exc
    except httpx.HTTPError as exc:
        raise EgressConnectionError(f"The connection to {target.url} failed: {exc or type(exc).__name__}.") from exc
    finally:
        response.close()
    # The body is already decoded: drop the headers that describe the wire form.
    wire_only = ("content-encoding", "content-length")
    kept = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in wire_only]
    return httpx.Response(response.status_code, headers=kept, content=b"".join(chunks))
