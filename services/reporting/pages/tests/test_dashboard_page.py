"""The dashboard page: a staff page in the shell whose script loads from the kit."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.harness import HubClient


def test_the_dashboard_is_a_shell_page_with_no_inline_script(
    make_memory_hub: Callable[..., HubClient],
) -> None:
    client = make_memory_hub(("reporting",))
    response = client.http.get("/dashboard")
    assert response.status_code == 200
    page = response.text
    assert 'class="shell-nav"' in page and 'href="/dashboard" aria-current="page"' in page
    assert "<script>" not in page and "<style>" not in page and "style=" not in page
    scripts = re.findall(r'<script src="(/static/[a-z]+/[a-z]+\.js)\?v=[0-9a-f]{12}"', page)
    assert scripts == ["/static/pst/pst.js", "/static/reporting/dashboard.js"]
    assert 'value="3572"' in page  # the hub's own office to start with
    assert "script-src 'self'" in response.headers["content-security-policy"]
    script = client.http.get("/static/reporting/dashboard.js")
    assert script.status_code == 200 and "EventSource" in script.text
