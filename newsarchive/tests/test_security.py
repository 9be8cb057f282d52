"""What a security reviewer checks: deploy settings, headers, CSRF, and who may write."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from newsarchive.tests.test_settings import manage

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-" + "Zq9vR2mX7pL4sT8wN1bY6cF0hJ5dG3aE" * 2,
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    done = manage("check", "--deploy", "--fail-level", "WARNING",
                  NEWSARCHIVE_DATA_DIR=str(tmp_path), **PRODUCTION)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_production_cookies_are_secure_and_not_for_scripts(tmp_path):
    done = manage("shell", "-c", "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE,"
                  " s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
                  " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)",
                  NEWSARCHIVE_DATA_DIR=str(tmp_path), **PRODUCTION)
    assert done.stdout.splitlines()[-1].split() == ["True", "True", "True", "True", "True", "3600"]


def test_check_deploy_warns_when_https_is_switched_off(tmp_path):
    done = manage("check", "--deploy", NEWSARCHIVE_DATA_DIR=str(tmp_path),
                  DJANGO_HTTPS="0", **PRODUCTION)
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in done.stderr + done.stdout


@pytest.mark.parametrize("path", ["/", "/search/?q=بوتين", "/api/search?q=بوتين", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/search/?q=بوتين", "/admin/login/"])
def test_pages_have_no_inline_script_or_style_for_the_policy_to_block(client, samples, path):
    html = client.get(path).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def public_paths(samples) -> list[str]:
    """Every public URL pattern, filled in with a sample article, person and place."""
    from articles.models import Person, Place

    article = samples["000"]
    values = {"pk": article.pk, "year": 2024, "month": 9, "day": 5, "rest": "x"}
    person, place = Person.objects.first(), Place.objects.first()
    paths = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if str(entry.pattern).startswith(("admin/", "i18n/")):
                    continue  # admin has its own tests below; set_language only sets a cookie
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                route = route.lstrip("^").rstrip("$").replace("(?P<rest>.*)", "x")
                for name, value in values.items():
                    route = route.replace(f"<int:{name}>", str(value))
                if "people/" in route:
                    route = route.replace(str(article.pk), str(person.pk), 1)
                if "places/" in route:
                    route = route.replace(str(article.pk), str(place.pk), 1)
                paths.append("/" + route)

    walk(get_resolver().url_patterns)
    return paths


def test_the_public_site_and_the_api_are_read_only(samples):
    client = Client()  # CSRF is not what stops these: the views refuse to write
    paths = public_paths(samples)
    assert "/search/" in paths and "/api/search" in paths and len(paths) >= 10
    for path in paths:
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(path)
            assert response.status_code in (404, 405), (method, path, response.status_code)


def test_forms_that_post_carry_a_csrf_token_and_posts_without_one_are_refused(samples):
    client = Client(enforce_csrf_checks=True)
    login = client.get("/admin/login/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in login
    assert client.post("/admin/login/", {"username": "a", "password": "b"}).status_code == 403
    for path in ("/", "/search/?q=بوتين", f"/articles/{samples['000'].pk}/"):
        html = client.get(path).content.decode()
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S | re.I):
            assert 'name="csrfmiddlewaretoken"' in form, (path, form[:80])


@pytest.fixture
def reader_account():
    return User.objects.create_user("reader", password="a-long-passphrase-8462")


ADMIN_WRITES = [
    "/admin/articles/article/{pk}/change/",
    "/admin/articles/article/{pk}/delete/",
    "/admin/articles/person/",
    "/admin/articles/article/add/",
]


@pytest.mark.parametrize("template", ADMIN_WRITES)
def test_admin_needs_a_staff_login(client, samples, reader_account, template):
    path = template.format(pk=samples["000"].pk)
    title_before = samples["000"].title
    for user in (None, reader_account):
        if user:
            client.force_login(user)
        response = client.post(path, {"title": "عنوان مزوّر", "post": "yes"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    samples["000"].refresh_from_db()
    assert samples["000"].title == title_before
