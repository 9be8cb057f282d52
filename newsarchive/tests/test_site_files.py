"""/robots.txt points crawlers at the sitemap and away from the admin; /favicon.ico finds the icon."""

import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get(lines[-1].split(": ", 1)[1]).status_code == 200


def test_favicon_ico_leads_to_the_linked_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    linked = 'rel="icon" href="' + response["Location"] + '"'
    assert linked in client.get("/").content.decode()
    assert client.get(response["Location"]).status_code == 200
