"""The staff service's pages (sign-in, first run, staff and token management), contributed
to the presentation kit."""

from infra.pages import KIT

PAGES = KIT.contribute("staff", "services.staff.pages")
