"""A scratch archive served by gunicorn in its own processes, as in production.

For tests about several workers at once (index writes, locks): the app runs
in separate processes with its own database (a SQLite file, or a PostgreSQL
database created for the test when the suite runs on PostgreSQL) and its
own index folder, and is driven over HTTP like a browser would.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "articles" / "fixtures" / "sample"
EDITOR, PASSWORD = "editor", "archive-editor-pw-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveArchive:
    def __init__(self, folder: Path, database_url: str | None, workers: int):
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "NEWSARCHIVE_DATA_DIR": str(folder),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "live-archive-test-" + "x" * 40,
            "DJANGO_HTTPS": "0",  # plain http on loopback
            "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        }
        self.env.pop("DATABASE_URL", None)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.workers = workers
        self.server = None
        self.log = folder / "gunicorn.log"

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def start(self) -> None:
        for args in (
            ("migrate", "--noinput", "-v0"),
            ("collectstatic", "--noinput", "-v0"),
            ("ingest", str(SAMPLE), "--no-progress"),
            ("createsuperuser", "--noinput", "--username", EDITOR, "--email", "e@example.org"),
        ):
            done = self.manage(*args)
            assert done.returncode == 0, done.stderr
        self.server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "newsarchive.wsgi", "--preload",
                "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                "--log-level", "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.log, "w"),  # noqa: SIM115 (closed with the process)
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/api/search?q=", timeout=5).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=30)

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def search_ids(self, q: str) -> set[int]:
        status, body = self.get("/api/search?" + urllib.parse.urlencode({"q": q}))
        assert status == 200, body[:300]
        data = json.loads(body)
        return {r["id"] for r in data["results"]} | {
            v["id"] for r in data["results"] for v in r["other_versions"]
        }


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with this id."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "name" not in a and tag not in ("option",):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options:
                chosen = [self._options[0][0]]
            self.fields.extend((self._select, value) for value in chosen)
            self._select = None
        elif tag == "form":
            self.inside = False


class Editor:
    """An editor in a browser: logs into the admin and saves change forms."""

    def __init__(self, archive: LiveArchive):
        self.archive = archive
        self.browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def _form(self, path: str, form_id: str) -> list[tuple[str, str]]:
        with self.browser.open(self.archive.base + path, timeout=60) as response:
            page = response.read().decode("utf-8")
        parser = FormFields(form_id)
        parser.feed(page)
        assert parser.fields, f"no form #{form_id} at {path}"
        return parser.fields

    def _post(self, path: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
        """Posts the form as a browser would; the final status and address after redirects."""
        request = urllib.request.Request(
            self.archive.base + path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": self.archive.base + path},
        )
        try:
            with self.browser.open(request, timeout=60) as response:
                response.read()
                return response.status, response.url
        except urllib.error.HTTPError as error:
            return error.code, error.url

    def log_in(self) -> None:
        path = "/admin/login/?next=/admin/"
        fields = dict(self._form(path, "login-form"))
        fields.update(username=EDITOR, password=PASSWORD)
        status, landed = self._post(path, list(fields.items()))
        assert (status, landed) == (200, self.archive.base + "/admin/"), (status, landed)

    def set_title(self, article_id: int, title: str) -> tuple[int, str]:
        """Saves the article's change form with a new title; (status, where the admin went):
        a saved form lands on the article list, a refused one stays on the form."""
        path = f"/admin/articles/article/{article_id}/change/"
        fields = [(k, title if k == "title" else v) for k, v in self._form(path, "article_form")]
        fields.append(("_save", "Save"))
        return self._post(path, fields)
