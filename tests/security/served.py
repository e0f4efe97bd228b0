"""A real `glimmers serve` on a fresh database, and a small browser to talk to it.

For the promises that only hold in a running server: proxy headers, request
bounds. ``instance()`` starts one (benchmarks/serving.Server) on a fresh
SQLite file in its own data folder, or, when GLIMMERS_DATABASE_URL names a
PostgreSQL server, on a throwaway database beside it; ``rows()`` reads that
database. ``Browser`` keeps cookies and sends the CSRF token, Referer and
Origin a browser would, from the local address it is given (any of
127.0.0.0/8 works on Linux), so a test can tell the client apart from a proxy.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import os
import sqlite3
import ssl
import sys
import uuid
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

import serving  # noqa: E402

PASSWORD = "a quiet morning with tea 77"


class Instance:
    def __init__(self, server: serving.Server, data_dir: Path, database_url: str | None):
        self.server = server
        self.data_dir = data_dir
        self.database_url = database_url

    @property
    def port(self) -> int:
        return self.server.port

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of ``sql`` (written with %s placeholders) from this instance's database."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                return conn.execute(sql, params).fetchall()
        with contextlib.closing(sqlite3.connect(self.data_dir / "glimmers.sqlite3")) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()

    def log_addresses(self, username: str) -> list[tuple[str, str]]:
        """(kind, address) of every line of this person's security log, oldest first."""
        return [
            (kind, str(ip) if ip is not None else None)
            for kind, ip in self.rows(
                "SELECT e.kind, e.ip FROM accounts_securityevent e "
                "JOIN accounts_user u ON u.id = e.user_id WHERE u.username = %s "
                "ORDER BY e.at, e.id",
                (username,),
            )
        ]


@contextlib.contextmanager
def instance(tmp_path: Path, *args: str, **env: str) -> Iterator[Instance]:
    """`glimmers serve ARGS` with GLIMMERS_* ``env`` on a fresh database, stopped afterwards."""
    data_dir = tmp_path / "data"
    base = serving.postgres_url() if os.environ.get("GLIMMERS_DATABASE_URL") else None
    with contextlib.ExitStack() as stack:
        url = None
        if base:
            name = f"glimmers_h1_served_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            url = stack.enter_context(serving.throwaway_postgres(base, name))
        server = serving.Server(
            serving.server_env(data_dir, database_url=url, **env),
            log_path=tmp_path / "serve.log",
            extra_args=args,
        )
        stack.enter_context(server)
        yield Instance(server, data_dir, url)


class Browser:
    """Cookies, CSRF and redirects by hand, over HTTP or HTTPS, from ``source``."""

    def __init__(self, port: int, *, source: str = "127.0.0.1", cafile: Path | None = None):
        self.port = port
        self.source = source
        self.context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
        self.scheme = "https" if cafile else "http"
        self.origin = f"{self.scheme}://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        fields: dict[str, str] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        if self.context:
            conn = http.client.HTTPSConnection(
                "127.0.0.1",
                self.port,
                context=self.context,
                timeout=30,
                source_address=(self.source, 0),
            )
        else:
            conn = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=30, source_address=(self.source, 0)
            )
        sent = {"Referer": f"{self.origin}{path}", "User-Agent": "Firefox/140.0 (X11; Linux)"}
        body = None
        if method == "POST":
            sent["Origin"] = self.origin
            fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **(fields or {})}
            if files:
                body, sent["Content-Type"] = _multipart(fields, files)
            else:
                body = urlencode(fields).encode()
                sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                self.set_cookie_headers.append(header)
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return response.status, dict(response.headers), text
        finally:
            conn.close()

    def get(self, path: str, **kwargs) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> tuple[int, dict[str, str], str]:
        return self.request("POST", path, **kwargs)

    def follow(self, path: str, limit: int = 5) -> tuple[str, int, str]:
        """GET ``path`` and its same-site redirects: (final path, status, page)."""
        for _ in range(limit):
            status, headers, text = self.get(path)
            if status not in (301, 302, 303) or not headers.get("Location"):
                return path, status, text
            location = urlsplit(headers["Location"])
            if location.netloc and f"{location.scheme}://{location.netloc}" != self.origin:
                raise AssertionError(f"{path} sent us away to {headers['Location']}")
            path = location.path + (f"?{location.query}" if location.query else "")
        raise AssertionError(f"more than {limit} redirects from {path}")

    def submit(self, page_path: str, action: str, fields: dict, **kwargs):
        """Load the form's page (for the CSRF cookie), then post to ``action``."""
        status, _headers, _text = self.get(page_path)
        assert status == 200, f"{page_path} answered {status}"
        return self.post(action, fields=fields, **kwargs)

    def create_first_account(self, instance: Instance, username: str) -> tuple[int, dict]:
        """The welcome page, with the one-time setup code when it asks for one."""
        status, _headers, page = self.get("/accounts/welcome/")
        assert status == 200, f"the welcome page answered {status}"
        fields = new_account(username)
        if 'name="setup_code"' in page:
            fields["setup_code"] = (instance.data_dir / "setup_code").read_text().strip()
        status, headers, _text = self.post("/accounts/welcome/", fields=fields)
        return status, headers


def new_account(username: str) -> dict[str, str]:
    return {
        "username": username,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "time_zone": "UTC",
    }


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(f"{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"
