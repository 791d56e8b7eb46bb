"""Reporting's pages (the live SLA dashboard), contributed to the presentation kit."""

from infra.pages import KIT

PAGES = KIT.contribute("reporting", "services.reporting.pages")
