"""Root fixtures for every test folder: the real stack (tests/stack.py) and hub harnesses."""

pytest_plugins = [
    "tests.stack",
    "tests.harness",
    "tests.browser",
    "tests.delivery",
    "tests.keycloak",
]
