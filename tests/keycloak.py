"""Keycloak fixtures (a pytest plugin): a real OpenID Connect provider for sign-in tests.

The server is the local stack's Keycloak (``deploy/local/stack.sh up`` starts it and writes
``KEYCLOAK_URL``, ``KEYCLOAK_ADMIN_USER`` and ``KEYCLOAK_ADMIN_PASSWORD`` to ``var/stack/env``,
which ``make test`` sources). Everything is set up through Keycloak's admin REST API.

- `keycloak` (session): a `KeycloakAdmin` for that server, found in the environment or else in
  the stack's env file (``$PST_STACK_DIR/env``, default ``var/stack/env``). When there is none
  or it does not answer, Keycloak tests fail in CI (``CI=true``) and are skipped with the reason
  elsewhere.
- `oidc_realm` (session): one realm ``pst-<hex>`` for the test session, with one confidential
  client (authorization code flow only, PKCE S256 required, redirect URIs
  ``http://127.0.0.1:*`` and ``http://localhost:*``); deleted at session end.
- `oidc_provider` (function): an `OIDCProvider` over that realm: ``issuer``, ``client_id``,
  ``client_secret``, ``metadata_url``, and ``add_user(...)`` / ``disable_user(...)``. Users a
  test adds are deleted after it, so tests may reuse usernames.
- `sign_in(authorization_url, username, password)`: Keycloak's login form submitted without a
  browser; returns where Keycloak redirects to (the client's redirect URI with ``code`` and
  ``state``, or with ``error``), raises `SignInRefused` when the form comes back instead.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urljoin

import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
KEYS = ("KEYCLOAK_URL", "KEYCLOAK_ADMIN_USER", "KEYCLOAK_ADMIN_PASSWORD")
REDIRECT_URIS = ("http://127.0.0.1:*", "http://localhost:*")
HTTP_TIMEOUT = 30.0


def keycloak_unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"Keycloak tests need the stack's Keycloak: {reason}", pytrace=False)
    pytest.skip(f"Keycloak tests need the stack's Keycloak: {reason}")


class KeycloakError(Exception):
    """The admin REST API refused a request."""


class SignInRefused(Exception):
    """Keycloak showed its login form again (wrong password, disabled account, ...)."""


class KeycloakAdmin:
    """The admin REST API of one Keycloak, as the master realm's admin (admin-cli tokens)."""

    def __init__(self, url: str, username: str, password: str) -> None:
        self.url = url.rstrip("/")
        self._username = username
        self._password = password
        self._http = httpx.Client(base_url=self.url, timeout=HTTP_TIMEOUT)
        self._token = ""
        self._token_expires = 0.0

    def close(self) -> None:
        self._http.close()

    def token(self) -> str:
        """An admin access token; master's tokens live 60 s, so renewed when nearly spent."""
        if time.monotonic() < self._token_expires - 10:
            return self._token
        response = self._http.post(
            "/realms/master/protocol/openid-connect/token",
            data={
                "grant_type": "password",
                "client_id": "admin-cli",
                "username": self._username,
                "password": self._password,
            },
        )
        if response.status_code != 200:
            raise KeycloakError(f"admin sign-in refused: {response.status_code} {response.text}")
        body = response.json()
        self._token = body["access_token"]
        self._token_expires = time.monotonic() + float(body.get("expires_in", 60))
        return self._token

    def request(self, method: str, path: str, *, json: Any = None, **params: str) -> httpx.Response:
        response = self._http.request(
            method,
            f"/admin/realms{path}",
            json=json,
            params=params or None,
            headers={"Authorization": f"Bearer {self.token()}"},
        )
        if response.status_code >= 400:
            raise KeycloakError(f"{method} {path}: {response.status_code} {response.text}")
        return response

    def create(self, path: str, representation: Mapping[str, Any]) -> str:
        """POST a new resource; returns its id (the last segment of Location)."""
        response = self.request("POST", path, json=representation)
        return response.headers.get("Location", "").rstrip("/").rsplit("/", 1)[-1]


def _stack_env_file() -> dict[str, str]:
    state = Path(os.environ.get("PST_STACK_DIR", REPO_ROOT / "var" / "stack"))
    try:
        lines = (state / "env").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split("=", 1) for line in lines if "=" in line)


def _settings() -> tuple[str, str, str]:
    values = {key: os.environ.get(key, "") for key in KEYS}
    if not all(values.values()):
        from_file = _stack_env_file()
        if all(from_file.get(key) for key in KEYS):
            values = {key: from_file[key] for key in KEYS}
    missing = [key for key in KEYS if not values[key]]
    if missing:
        keycloak_unavailable(
            f"{', '.join(missing)} not set and no stack env file with them "
            "(run: bash deploy/local/stack.sh up; set -a; source var/stack/env; set +a)"
        )
    return values["KEYCLOAK_URL"], values["KEYCLOAK_ADMIN_USER"], values["KEYCLOAK_ADMIN_PASSWORD"]


@pytest.fixture(scope="session")
def keycloak() -> Iterator[KeycloakAdmin]:
    url, username, password = _settings()
    admin = KeycloakAdmin(url, username, password)
    try:
        admin.token()
    except (httpx.HTTPError, KeycloakError) as exc:
        admin.close()
        keycloak_unavailable(f"{url} does not let the admin in: {exc}")
    yield admin
    admin.close()


# --------------------------------------------------------------------------------------------
# realm, client, users
# --------------------------------------------------------------------------------------------
@dataclass
class OIDCRealm:
    """A realm with its confidential client; session-wide state behind `OIDCProvider`."""

    admin: KeycloakAdmin
    name: str
    client_id: str
    client_secret: str
    client_uuid: str
    claim_mappers: set[str] = field(default_factory=set)

    @property
    def issuer(self) -> str:
        return f"{self.admin.url}/realms/{self.name}"

    def user_id(self, username: str) -> str:
        found = self.admin.request(
            "GET", f"/{self.name}/users", username=username, exact="true"
        ).json()
        if not found:
            raise KeycloakError(f"no user {username!r} in realm {self.name}")
        return str(found[0]["id"])

    def map_claim(self, attribute: str, multivalued: bool) -> None:
        """The user attribute as a claim of the same name in ID/access tokens and userinfo."""
        if attribute in self.claim_mappers:
            return
        self.admin.create(
            f"/{self.name}/clients/{self.client_uuid}/protocol-mappers/models",
            {
                "name": f"attribute {attribute}",
                "protocol": "openid-connect",
                "protocolMapper": "oidc-usermodel-attribute-mapper",
                "config": {
                    "user.attribute": attribute,
                    "claim.name": attribute,
                    "jsonType.label": "String",
                    "multivalued": str(multivalued).lower(),
                    "id.token.claim": "true",
                    "access.token.claim": "true",
                    "userinfo.token.claim": "true",
                    "introspection.token.claim": "true",
                },
            },
        )
        self.claim_mappers.add(attribute)


def create_realm(admin: KeycloakAdmin, name: str) -> OIDCRealm:
    admin.request(
        "POST",
        "",
        json={
            "realm": name,
            "enabled": True,
            "displayName": "PST Hub (tests)",
            "registrationAllowed": False,
            "resetPasswordAllowed": False,
            "loginWithEmailAllowed": True,
            "bruteForceProtected": False,
        },
    )
    # Attributes outside the user profile are dropped silently unless the realm keeps them.
    profile = admin.request("GET", f"/{name}/users/profile").json()
    profile["unmanagedAttributePolicy"] = "ADMIN_EDIT"
    admin.request("PUT", f"/{name}/users/profile", json=profile)
    client_id, client_secret = "pst-hub", secrets.token_urlsafe(32)
    client_uuid = admin.create(
        f"/{name}/clients",
        {
            "clientId": client_id,
            "name": "PST Hub",
            "protocol": "openid-connect",
            "enabled": True,
            "publicClient": False,
            "clientAuthenticatorType": "client-secret",
            "secret": client_secret,
            "standardFlowEnabled": True,
            "implicitFlowEnabled": False,
            "directAccessGrantsEnabled": False,
            "serviceAccountsEnabled": False,
            "consentRequired": False,
            "redirectUris": list(REDIRECT_URIS),
            "webOrigins": ["+"],
            "attributes": {
                "pkce.code.challenge.method": "S256",
                "post.logout.redirect.uris": "+",
            },
        },
    )
    return OIDCRealm(admin, name, client_id, client_secret, client_uuid)


@dataclass(frozen=True)
class OIDCProvider:
    """What a relying party is configured with, plus the users it can sign in."""

    issuer: str
    client_id: str
    client_secret: str
    realm: OIDCRealm = field(repr=False, compare=False)
    created: list[str] = field(default_factory=list, repr=False, compare=False)

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def add_user(
        self,
        username: str,
        password: str,
        email: str | None = None,
        enabled: bool = True,
        attributes: Mapping[str, str | Sequence[str]] | None = None,
        *,
        first_name: str | None = None,
        last_name: str = "Penguji",
    ) -> None:
        """A user who signs in with `password` straight away: email verified (default
        ``<username>@example.test``), first and last name set, no required actions.
        Each attribute also becomes a claim of the same name (a list: a multivalued claim).
        Keycloak stores usernames in lower case."""
        values = {
            name: [value] if isinstance(value, str) else list(value)
            for name, value in (attributes or {}).items()
        }
        for name, value in (attributes or {}).items():
            self.realm.map_claim(name, multivalued=not isinstance(value, str))
        user_id = self.realm.admin.create(
            f"/{self.realm.name}/users",
            {
                "username": username,
                "email": email or f"{username}@example.test",
                "emailVerified": True,
                "firstName": first_name or username.capitalize(),
                "lastName": last_name,
                "enabled": enabled,
                "attributes": values,
                "requiredActions": [],
                "credentials": [{"type": "password", "value": password, "temporary": False}],
            },
        )
        self.created.append(user_id)

    def disable_user(self, username: str) -> None:
        """The user can no longer sign in (nor refresh tokens)."""
        path = f"/{self.realm.name}/users/{self.realm.user_id(username)}"
        user = self.realm.admin.request("GET", path).json()
        user["enabled"] = False
        self.realm.admin.request("PUT", path, json=user)

    def back_channel_logout_to(self, url: str | None) -> None:
        """Keycloak posts a logout token to `url` when a user's session there ends (None:
        it posts nowhere)."""
        path = f"/{self.realm.name}/clients/{self.realm.client_uuid}"
        client = self.realm.admin.request("GET", path).json()
        client["attributes"]["backchannel.logout.url"] = url or ""
        client["attributes"]["backchannel.logout.session.required"] = "true"
        self.realm.admin.request("PUT", path, json=client)

    def sign_out_everywhere(self, username: str) -> None:
        """Ends the user's sessions at the provider, as an administrator would."""
        user_id = self.realm.user_id(username)
        self.realm.admin.request("POST", f"/{self.realm.name}/users/{user_id}/logout")

    def delete_users(self) -> None:
        while self.created:
            user_id = self.created.pop()
            with contextlib.suppress(KeycloakError):  # already gone
                self.realm.admin.request("DELETE", f"/{self.realm.name}/users/{user_id}")


@pytest.fixture(scope="session")
def oidc_realm(keycloak: KeycloakAdmin) -> Iterator[OIDCRealm]:
    realm = create_realm(keycloak, f"pst-{uuid.uuid4().hex[:10]}")
    yield realm
    keycloak.request("DELETE", f"/{realm.name}")


@pytest.fixture
def oidc_provider(oidc_realm: OIDCRealm) -> Iterator[OIDCProvider]:
    provider = OIDCProvider(
        issuer=oidc_realm.issuer,
        client_id=oidc_realm.client_id,
        client_secret=oidc_realm.client_secret,
        realm=oidc_realm,
    )
    yield provider
    provider.delete_users()


# --------------------------------------------------------------------------------------------
# sign-in without a browser
# --------------------------------------------------------------------------------------------
class _LoginPage(HTMLParser):
    """The login form's action and the page's error message, if any."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.error = ""
        self._in_error = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and found.get("id") == "kc-form-login":
            self.action = found.get("action") or ""
        classes = found.get("class") or ""
        if found.get("id") == "kc-error-message" or "kc-feedback-text" in classes:
            self._in_error = True

    def handle_endtag(self, tag: str) -> None:
        self._in_error = False

    def handle_data(self, data: str) -> None:
        if self._in_error and data.strip() and not self.error:
            self.error = data.strip()


def _as_on_a_trustworthy_origin(cookies: httpx.Cookies) -> None:
    """Keycloak marks its cookies Secure even over http; browsers still send them to
    http://127.0.0.1 (a potentially trustworthy origin), httpx does not unless told."""
    for cookie in cookies.jar:
        cookie.secure = False


def sign_in(authorization_url: str, username: str, password: str) -> str:
    """Follow `authorization_url` to Keycloak's login form and submit it, as a browser would
    (cookies kept, redirects not followed out of Keycloak). Returns the redirect target."""
    with httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False) as http:
        page = http.get(authorization_url)
        _as_on_a_trustworthy_origin(http.cookies)
        if page.is_redirect:
            return page.headers["Location"]
        login = _LoginPage()
        login.feed(page.text)
        if not login.action:
            raise SignInRefused(f"no login form at {authorization_url}: {page.status_code}")
        answer = http.post(
            urljoin(str(page.url), login.action),
            data={"username": username, "password": password, "credentialId": ""},
        )
        if answer.is_redirect:
            return answer.headers["Location"]
        refused = _LoginPage()
        refused.feed(answer.text)
        raise SignInRefused(refused.error or f"login form answered {answer.status_code}")
