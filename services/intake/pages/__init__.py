"""Intake's pages (reception desk, guest-book kiosk, visitor status), contributed to the kit."""

from infra.pages import KIT

PAGES = KIT.contribute("intake", "services.intake.pages")
