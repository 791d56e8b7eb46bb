"""The one set of response headers every page carries.

Pages load nothing but the hub's own stylesheet and scripts: no CDN, no inline script or
style (settings reach scripts as data attributes). No page sends a Referer (survey links
carry their token in the path) and none is cached (pages show people's queues and names).
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
