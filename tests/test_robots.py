"""`/robots.txt` is served at the root: public pages allowed, the moderators' area not."""

from urllib.robotparser import RobotFileParser

import pytest


@pytest.fixture
def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200  # not a redirect to /robots.txt/
    assert response.mimetype == "text/plain"
    parser = RobotFileParser()
    parser.parse(response.get_data(as_text=True).splitlines())
    return parser


@pytest.mark.parametrize("path", ["/", "/ms/", "/en/directory?state=MY-10", "/ms/guides/teens",
                                  "/en/services/befrienders-kuala-lumpur", "/ms/sessions"])
def test_public_pages_are_allowed(robots, path):
    assert robots.can_fetch("AnyBot", path)


@pytest.mark.parametrize("path", ["/admin/", "/admin/login", "/admin/services/1/edit"])
def test_the_moderators_area_is_disallowed(robots, path):
    assert not robots.can_fetch("AnyBot", path)


def test_the_sample_public_paths_are_real_pages(client):
    assert client.get("/ms/guides/teens").status_code == 200
    assert client.get("/en/services/befrienders-kuala-lumpur").status_code == 200
