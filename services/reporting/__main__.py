"""`python -m services.reporting --archive FILE --office 3572 --period 2026-03`."""

from services.reporting.cli import main

main()
