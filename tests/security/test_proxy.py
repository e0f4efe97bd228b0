"""Behind a reverse proxy: HTTPS works, and the client address is the real one.

The end-to-end test starts a real nginx (Debian's package; `make test`
installs it) on 127.0.0.1 with a self-signed certificate and the site
configuration printed in docs/hosting.md, read from there so the two cannot
drift. The client connects from another loopback address (127.0.0.5) than the
proxy's (127.0.0.1), so the address the app records tells them apart.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.security.served import ROOT, Browser, instance, new_account, serving

CLIENT = "127.0.0.5"  # the person's machine, as nginx sees it
STRANGER = "127.0.0.7"  # someone who reaches the app's port directly
FORGED = "203.0.113.9"  # an address nobody here has


def _nginx() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def site_config(*, app_port: int, https_port: int, http_port: int, cert: Path, key: Path) -> str:
    """docs/hosting.md's nginx configuration, with this test's ports and certificate."""
    doc = (ROOT / "docs" / "hosting.md").read_text()
    blocks = re.findall(r"```nginx\n(.*?)```", doc, re.S)
    assert len(blocks) == 1, "docs/hosting.md should show exactly one nginx configuration"
    config = blocks[0]
    swaps = [
        ("    listen [::]:80;\n", ""),
        ("    listen [::]:443 ssl;\n", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("/etc/letsencrypt/live/glimmers.example.org/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/glimmers.example.org/privkey.pem", str(key)),
        ("glimmers.example.org", "localhost"),
        ("http://127.0.0.1:8000", f"http://127.0.0.1:{app_port}"),
    ]
    for old, new in swaps:
        assert old in config, f"docs/hosting.md's nginx configuration no longer has {old!r}"
        config = config.replace(old, new)
    return config


def _wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("nginx did not start listening within 20 s")


@pytest.fixture
def certificate(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", str(key), "-out", str(cert), "-days", "2",
            "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


@contextlib.contextmanager
def nginx_in_front(tmp_path: Path, app_port: int, cert: Path, key: Path):
    """A real nginx with docs/hosting.md's configuration, passing to app_port."""
    nginx = _nginx()
    if nginx is None:
        pytest.skip("nginx is not installed (`make nginx` installs Debian's package)")
    https_port, http_port = serving.free_port(), serving.free_port()
    work = tmp_path / "nginx"
    work.mkdir()
    site = site_config(
        app_port=app_port, https_port=https_port, http_port=http_port, cert=cert, key=key
    )
    (work / "nginx.conf").write_text(
        f"""daemon off;
master_process off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 128; }}
http {{
    access_log {work}/access.log;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
{site}
}}
"""
    )
    process = subprocess.Popen(
        [nginx, "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(https_port, process, work / "error.log")
        yield https_port, http_port
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def hosted(tmp_path, certificate):
    """Glimmers with GLIMMERS_HTTPS and GLIMMERS_BEHIND_PROXY, behind a real nginx."""
    if _nginx() is None:
        pytest.skip("nginx is not installed (`make nginx` installs Debian's package)")
    cert, key = certificate
    env = {
        "GLIMMERS_HTTPS": "1",
        "GLIMMERS_BEHIND_PROXY": "1",
        "GLIMMERS_OPEN_SIGNUP": "1",
    }
    with (
        instance(tmp_path, **env) as glimmers,
        nginx_in_front(tmp_path, glimmers.port, cert, key) as (https_port, http_port),
    ):
        yield glimmers, https_port, http_port, cert


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (250, 200, 120)).save(out, "PNG")
    return out.getvalue()


def test_through_nginx_over_https_sign_up_sign_in_capture_and_a_photo_all_work(hosted):
    glimmers, https_port, http_port, cert = hosted
    browser = Browser(https_port, source=CLIENT, cafile=cert)

    # A fresh instance leads to its welcome page (no redirect loop to itself).
    path, status, page = browser.follow("/")
    assert (path, status) == ("/accounts/welcome/", 200)
    assert "Welcome to Glimmers" in page

    status, headers = browser.create_first_account(glimmers, "olena")
    assert status == 302, "the first account was not made"
    session_cookie = next(h for h in browser.set_cookie_headers if h.startswith("sessionid="))
    assert "Secure" in session_cookie  # the app knows it is served over HTTPS

    # Capture a glimmer with a photo.
    _path, status, page = browser.follow(headers["Location"])
    assert status == 200
    status, headers, _page = browser.post(
        "/capture/",
        fields={"text": "warm light on the kitchen wall"},
        files={"photos": ("wall.png", _png(), "image/png")},
    )
    assert status == 302, f"capture answered {status}"
    saved = re.search(r"saved=([\w-]+)", headers["Location"]).group(1)
    status, _headers, page = browser.get(f"/glimmers/{saved}/")
    assert status == 200
    assert "warm light on the kitchen wall" in page
    photo = re.search(r'src="(/photos/[\w-]+/thumbnail/)"', page)
    assert photo, "the photo is not on the glimmer's page"
    status, headers, _body = browser.get(photo.group(1))
    assert status == 200
    assert headers["Content-Type"].startswith("image/")

    # Sign out, then in again — with a forged X-Forwarded-For, which nginx replaces.
    status, _headers, _page = browser.post("/accounts/logout/")
    assert status == 302
    status, headers, _page = browser.submit(
        "/accounts/login/",
        "/accounts/login/",
        {"username": "olena", "password": new_account("olena")["password1"]},
        headers={"X-Forwarded-For": FORGED},
    )
    assert status == 302, "signing in through the proxy failed"
    _path, status, page = browser.follow(headers["Location"])
    assert status == 200

    # Open sign-up: a second person makes an account through the proxy.
    newcomer = Browser(https_port, source=CLIENT, cafile=cert)
    status, _headers, _page = newcomer.submit(
        "/accounts/signup/", "/accounts/signup/", new_account("sam")
    )
    assert status == 302, "signing up through the proxy failed"

    # The app saw the person's own address each time: not the proxy's, not the forged one.
    for username in ("olena", "sam"):
        logged = glimmers.log_addresses(username)
        assert logged, f"nothing in {username}'s security log"
        assert {address for _kind, address in logged} == {CLIENT}, logged
    assert "signed_in" in {kind for kind, _address in glimmers.log_addresses("olena")}

    # Plain HTTP at the proxy is sent to HTTPS.
    plain = Browser(http_port, source=CLIENT)
    status, headers, _page = plain.get("/")
    assert status == 301
    assert headers["Location"].startswith("https://")


PROTECTIVE = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Strict-Transport-Security",
)


def _raw_https(port: int, cert: Path, request: bytes) -> tuple[int, dict[str, str], str]:
    """Send a raw request over TLS; the status, headers and body of the answer."""
    import ssl

    context = ssl.create_default_context(cafile=str(cert))
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        tls.sendall(request)
        answer = b""
        while chunk := tls.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().title()] = value.strip()
    return int(lines[0].split()[1]), headers, body.decode("utf-8", "replace")


def test_nginxs_own_answer_to_a_body_too_large_is_calm_and_protected(hosted):
    _glimmers, https_port, _http_port, cert = hosted
    status, headers, body = _raw_https(
        https_port,
        cert,
        b"POST /capture/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 200000000\r\n"
        b"Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
    )
    assert status == 413
    assert "Nothing was saved" in body
    for name in PROTECTIVE:
        assert name in headers, f"nginx's 413 has no {name}"
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_nginxs_own_answer_while_glimmers_is_down_is_calm_and_protected(tmp_path, certificate):
    cert, key = certificate
    nobody_listening = serving.free_port()
    with nginx_in_front(tmp_path, nobody_listening, cert, key) as (https_port, _http_port):
        status, headers, body = _raw_https(
            https_port,
            cert,
            b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
    assert status in (502, 503)
    assert "try again in a minute" in body
    for name in PROTECTIVE:
        assert name in headers, f"nginx's {status} has no {name}"


def test_forged_proxy_headers_sent_straight_to_the_app_are_ignored(hosted):
    glimmers, _https_port, _http_port, _cert = hosted
    direct = Browser(glimmers.port, source=STRANGER)
    status, headers, _page = direct.get(
        "/accounts/login/",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": FORGED},
    )
    # Not believed to be HTTPS: sent to the HTTPS address instead of being served.
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_a_forged_forwarded_for_is_ignored_and_a_trusted_proxys_is_believed(tmp_path):
    # No nginx needed: the app alone, behind a (pretend) proxy on this machine.
    with instance(tmp_path, GLIMMERS_BEHIND_PROXY="1") as glimmers:
        forger = Browser(glimmers.port, source=STRANGER)
        forger.get("/accounts/welcome/", headers={"X-Forwarded-For": FORGED})
        status, _headers = forger.create_first_account(glimmers, "olena")
        assert status == 302
        forger.post("/accounts/logout/")
        status, _headers, _page = forger.submit(
            "/accounts/login/",
            "/accounts/login/",
            {"username": "olena", "password": new_account("olena")["password1"]},
            headers={"X-Forwarded-For": FORGED, "X-Real-IP": FORGED, "Forwarded": "for=1.2.3.4"},
        )
        assert status == 302
        assert {address for _kind, address in glimmers.log_addresses("olena")} == {STRANGER}

        # From the trusted proxy's address (127.0.0.1), its word is taken.
        proxy = Browser(glimmers.port, source="127.0.0.1")
        status, _headers, _page = proxy.submit(
            "/accounts/login/",
            "/accounts/login/",
            {"username": "olena", "password": new_account("olena")["password1"]},
            headers={"X-Forwarded-For": f"{FORGED}, 198.51.100.4"},
        )
        assert status == 302
        last_kind, last_address = glimmers.log_addresses("olena")[-1]
        assert (last_kind, last_address) == ("signed_in", "198.51.100.4")


# The rule itself, one request at a time (glimmers.wsgi.ProxyHeaders).


def _seen(trusted, remote_addr, **headers):
    from glimmers.wsgi import ProxyHeaders

    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        return []

    environ = {"REMOTE_ADDR": remote_addr, "wsgi.url_scheme": "http"}
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    ProxyHeaders(app, trusted)(environ, lambda *args: None)
    return seen


LOCAL = ["127.0.0.1", "::1"]


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded_for", "proto", "address", "scheme"),
    [
        # Not behind a proxy: nobody's headers are believed.
        ([], "127.0.0.1", FORGED, "https", "127.0.0.1", "http"),
        # A stranger writing the headers a proxy would.
        (LOCAL, "192.0.2.10", FORGED, "https", "192.0.2.10", "http"),
        (LOCAL, "127.0.0.2", FORGED, "https", "127.0.0.2", "http"),
        # The proxy on this machine: the client it reports.
        (LOCAL, "127.0.0.1", "198.51.100.4", "https", "198.51.100.4", "https"),
        (LOCAL, "::1", "2001:db8::5", "http", "2001:db8::5", "http"),
        (LOCAL, "::ffff:127.0.0.1", "198.51.100.4", "https", "198.51.100.4", "https"),
        # A client's own X-Forwarded-For passed along: only the last hop counts.
        (LOCAL, "127.0.0.1", f"{FORGED}, 198.51.100.4", "https", "198.51.100.4", "https"),
        # Two trusted proxies in a row are passed over to the client before them.
        (["10.0.0.0/24", *LOCAL], "127.0.0.1", f"{FORGED}, 198.51.100.4, 10.0.0.7", "https",
         "198.51.100.4", "https"),
        # Some proxies add the client's port: the address is still read.
        (LOCAL, "127.0.0.1", "198.51.100.4:51234", "https", "198.51.100.4", "https"),
        (LOCAL, "127.0.0.1", "[2001:db8::5]:51234", "https", "2001:db8::5", "https"),
        (LOCAL, "127.0.0.1", "[2001:db8::5]", "https", "2001:db8::5", "https"),
        # Nonsense from the proxy: the proxy's own address, the server's own scheme.
        (LOCAL, "127.0.0.1", "not-an-address", "gopher", "127.0.0.1", "http"),
    ],
)  # fmt: skip
def test_the_client_address_and_scheme_come_only_from_a_trusted_proxy(
    trusted, remote, forwarded_for, proto, address, scheme
):
    seen = _seen(trusted, remote, x_forwarded_for=forwarded_for, x_forwarded_proto=proto)
    assert seen["REMOTE_ADDR"] == address
    assert seen["wsgi.url_scheme"] == scheme


def test_no_forwarding_header_reaches_the_app_from_anyone():
    headers = {
        "x_forwarded_for": FORGED,
        "x_forwarded_proto": "https",
        "x_forwarded_host": "evil.example",
        "x_real_ip": FORGED,
        "forwarded": f"for={FORGED};proto=https",
        # Any X-Forwarded-* header, even one nobody has named yet.
        "x_forwarded_client_cert": "forged",
        "x_forwarded_uri": "/admin",
        "x_original_forwarded_for": FORGED,
    }
    for remote in ("127.0.0.1", "192.0.2.10"):
        seen = _seen(LOCAL, remote, **headers)
        assert not [name for name in seen if "FORWARDED" in name or name == "HTTP_X_REAL_IP"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("10.0.0.300", "is not an IP address or network"),
        ("0.0.0.0/0", "would trust everyone"),
    ],
)
def test_a_bad_trusted_proxy_is_refused_at_start(tmp_path, value, message):
    env = serving.server_env(tmp_path, GLIMMERS_BEHIND_PROXY="1", GLIMMERS_TRUSTED_PROXIES=value)
    result = subprocess.run(
        [sys.executable, "-c", "import glimmers.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr
