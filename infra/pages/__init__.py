"""The presentation kit every service's pages use (ADR 0009): templates, assets, headers,
the staff shell and the public layout, server-sent events."""

from infra.pages.headers import SECURITY_HEADERS
from infra.pages.kit import KIT, PageKit, render
from infra.pages.navigation import NavLink
from infra.pages.sse import sse, sse_frame

__all__ = [
    "KIT",
    "SECURITY_HEADERS",
    "NavLink",
    "PageKit",
    "render",
    "sse",
    "sse_frame",
]
