"""GET /desk: the coordinator's desk page shell, and the menu entry for the roles that analyse."""

from __future__ import annotations

import json
import re

import pytest


def test_coordinator_gets_the_desk_with_its_filters_and_tabs(login, world):
    html = login("coordinator").get("/desk").get_data(as_text=True)
    assert 'id="desk-app"' in html and "/static/dist/js/desk/desk.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html
    assert len(re.findall(r'role="tab"', html)) == 4
    assert "Leeds LOCATE" in html and "Bradford LOCATE" in html
    assert 'value="12_14"' in html
    config = json.loads(re.search(r'data-config="([^"]+)"', html).group(1).replace("&#34;", '"'))
    assert config["can_export"] is True
    assert 'data-export="network" data-format="graphml"' in html
    # The menu offers the desk.
    assert re.search(r'<a href="/desk" aria-current="page">Coordinator', html)


@pytest.mark.parametrize("username", ["constable_a", "sergeant_a", "inspector_a", "partner_a"])
def test_other_roles_have_no_desk_in_their_menu(login, world, username):
    html = login(username).get("/").get_data(as_text=True)
    assert 'href="/desk"' not in html
    response = login(username).get("/desk")
    assert response.status_code == 403
    assert "coordinator's desk is for" in response.get_data(as_text=True).replace("&#39;", "'")
