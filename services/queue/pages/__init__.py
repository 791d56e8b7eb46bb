"""The queue's pages (officer console, waiting-room display), contributed to the kit."""

from infra.pages import KIT

PAGES = KIT.contribute("queue", "services.queue.pages")
