"""Single sign-on over OpenID Connect: the authorization code flow with PKCE (S256), a
state bound to the browser and a nonce bound to the ID token, which is verified against
the provider's published keys (issuer, audience, expiry, nonce). A back-channel logout
token from the provider ends the hub sessions its sign-in opened.

authlib makes the PKCE pair and the tokens; joserfc (authlib's JOSE library) verifies the
ID token; httpx talks to the provider with short timeouts, so a provider that does not
answer makes a clear 503 page, never a hanging sign-in.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from services.staff.settings import StaffSettings

TIMEOUT = httpx.Timeout(5.0, connect=3.0)
METADATA_SECONDS = 3600.0
ALGORITHMS = ["RS256", "ES256", "PS256"]
LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
LOGOUT_TOKEN_SECONDS = 300.0  # a logout token older than this is not acted on


class SsoUnavailable(Exception):
    """The identity provider did not answer (or answered nonsense)."""


class SsoRefused(Exception):
    """The provider's answer does not prove who this is (its reason is for the audit)."""


@dataclass(frozen=True)
class Started:
    url: str
    state: str
    verifier: str
    nonce: str


@dataclass(frozen=True)
class Logout:
    """Whose sessions at the provider ended: its subject, or one of its sessions (`sid`)."""

    subject: str | None
    sid: str | None


class SingleSignOn:
    def __init__(self, settings: StaffSettings) -> None:
        assert settings.oidc_issuer and settings.oidc_client_id
        self.issuer = settings.oidc_issuer.rstrip("/")
        self.client_id = settings.oidc_client_id
        secret = settings.oidc_client_secret
        self.client_secret = secret.get_secret_value() if secret else None
        self.claim = settings.oidc_claim
        self.match = settings.oidc_match
        self.label = settings.oidc_label
        self._metadata: tuple[float, dict[str, Any]] | None = None
        self._keys: KeySet | None = None
        self._lock = threading.Lock()

    def _get(self, url: str) -> dict[str, Any]:
        try:
            response = httpx.get(url, timeout=TIMEOUT)
            response.raise_for_status()
            found: dict[str, Any] = response.json()
        except (httpx.HTTPError, ValueError) as failed:
            raise SsoUnavailable(f"{type(failed).__name__} from the identity provider") from None
        return found

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            cached = self._metadata
        if cached is not None and time.monotonic() - cached[0] < METADATA_SECONDS:
            return cached[1]
        found = self._get(self.issuer + "/.well-known/openid-configuration")
        if found.get("issuer", "").rstrip("/") != self.issuer:
            raise SsoUnavailable("the discovery document names another issuer")
        with self._lock:
            self._metadata = (time.monotonic(), found)
        return found

    @property
    def origin(self) -> str:
        """Where the browser goes to sign in (the sign-in page's CSP names it)."""
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    def begin(self, redirect_uri: str) -> Started:
        endpoint = self.metadata()["authorization_endpoint"]
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "scope": "openid profile email",
                "state": state,
                "nonce": nonce,
                "code_challenge": create_s256_code_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        return Started(f"{endpoint}?{query}", state, verifier, nonce)

    def finish(self, code: str, verifier: str, nonce: str, redirect_uri: str) -> dict[str, Any]:
        """The verified ID token's claims."""
        metadata = self.metadata()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
            "client_id": self.client_id,
        }
        auth = (self.client_id, self.client_secret) if self.client_secret else None
        try:
            response = httpx.post(metadata["token_endpoint"], data=form, auth=auth, timeout=TIMEOUT)
        except httpx.HTTPError as failed:
            raise SsoUnavailable(f"{type(failed).__name__} from the token endpoint") from None
        if response.status_code != 200:
            raise SsoRefused(f"token endpoint answered {response.status_code}")
        id_token = response.json().get("id_token")
        if not isinstance(id_token, str):
            raise SsoRefused("no ID token")
        return self.verify(id_token, nonce)

    def _key_set(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            self._keys = KeySet.import_key_set(self._get(self.metadata()["jwks_uri"]))  # type: ignore[arg-type]
        return self._keys

    def _decoded(self, token: str) -> dict[str, Any]:
        """A JWT's claims once its signature checks against the provider's keys."""
        try:
            return dict(jwt.decode(token, self._key_set(), algorithms=ALGORITHMS).claims)
        except (ValueError, JoseError):  # a new signing key: fetch the keys once more
            return dict(
                jwt.decode(token, self._key_set(refresh=True), algorithms=ALGORITHMS).claims
            )

    def _validated(self, token: str, what: str, **rules: Any) -> dict[str, Any]:
        """The token's claims once signed by the provider, for this client, and by `rules`."""
        try:
            claims = self._decoded(token)
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.client_id},
                leeway=60,
                **rules,
            ).validate(claims)
        except (ValueError, JoseError) as failed:
            raise SsoRefused(f"{what} not valid: {type(failed).__name__}") from None
        return claims

    def verify(self, id_token: str, nonce: str) -> dict[str, Any]:
        return self._validated(
            id_token, "ID token", exp={"essential": True}, nonce={"essential": True, "value": nonce}
        )

    def verify_logout(self, logout_token: str) -> Logout:
        """A back-channel logout token (OpenID Connect Back-Channel Logout 1.0, 2.6): signed
        by the provider, for this client, recent, with the logout event, a `sub` or a `sid`,
        and no nonce (so an ID token cannot pass for one)."""
        essential = {"essential": True}
        claims = self._validated(logout_token, "logout token", iat=essential, jti=essential)
        events = claims.get("events")
        if not isinstance(events, dict) or LOGOUT_EVENT not in events:
            raise SsoRefused("logout token without the back-channel logout event")
        if "nonce" in claims:
            raise SsoRefused("logout token with a nonce")
        if time.time() - float(claims["iat"]) > LOGOUT_TOKEN_SECONDS:
            raise SsoRefused("logout token too old")
        subject, sid = claims.get("sub"), claims.get("sid")
        if not (isinstance(subject, str) and subject) and not (isinstance(sid, str) and sid):
            raise SsoRefused("logout token names neither sub nor sid")
        return Logout(
            subject if isinstance(subject, str) else None, sid if isinstance(sid, str) else None
        )

    def person(self, claims: dict[str, Any]) -> str | None:
        value = claims.get(self.claim)
        return str(value).strip().lower()[:64] if value else None
