"""The stack's Keycloak as the hub will meet it: a realm's discovery document, and the
authorization code flow with PKCE for a user made by `oidc_provider`, without a browser."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.keycloak import OIDCProvider, SignInRefused, sign_in

pytestmark = pytest.mark.integration

REDIRECT_URI = "http://127.0.0.1:8765/auth/callback"


def discovery(provider: OIDCProvider) -> dict[str, object]:
    response = httpx.get(provider.metadata_url, timeout=10)
    response.raise_for_status()
    document: dict[str, object] = response.json()
    return document


def authorization_url(provider: OIDCProvider, **params: str) -> str:
    endpoint = str(discovery(provider)["authorization_endpoint"])
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid email profile",
        **params,
    }
    return f"{endpoint}?{urlencode(query)}"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def redirect_query(location: str) -> dict[str, str]:
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == REDIRECT_URI, location
    return {key: values[0] for key, values in parse_qs(parts.query).items()}


def test_the_realm_discovery_document_names_the_issuer(oidc_provider: OIDCProvider) -> None:
    document = discovery(oidc_provider)

    assert document["issuer"] == oidc_provider.issuer
    assert oidc_provider.issuer.startswith("http://127.0.0.1:")
    assert "S256" in document["code_challenge_methods_supported"]  # type: ignore[operator]


def test_a_user_signs_in_with_the_code_flow_and_pkce(oidc_provider: OIDCProvider) -> None:
    oidc_provider.add_user(
        "rina.wulandari",
        "sandi-rahasia-1",
        email="rina.wulandari@bps.go.id",
        attributes={"kode_satker": "3572"},
    )
    verifier, challenge = pkce_pair()
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)

    location = sign_in(
        authorization_url(
            oidc_provider,
            state=state,
            nonce=nonce,
            code_challenge=challenge,
            code_challenge_method="S256",
        ),
        "rina.wulandari",
        "sandi-rahasia-1",
    )
    answer = redirect_query(location)
    assert answer["state"] == state
    assert answer["iss"] == oidc_provider.issuer  # RFC 9207

    document = discovery(oidc_provider)
    tokens = httpx.post(
        str(document["token_endpoint"]),
        data={
            "grant_type": "authorization_code",
            "code": answer["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        auth=(oidc_provider.client_id, oidc_provider.client_secret),
        timeout=10,
    )
    assert tokens.status_code == 200, tokens.text
    keys = KeySet.import_key_set(httpx.get(str(document["jwks_uri"]), timeout=10).json())
    token = jwt.decode(tokens.json()["id_token"], keys, algorithms=["RS256"])
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": oidc_provider.issuer},
        aud={"essential": True, "value": oidc_provider.client_id},
        nonce={"essential": True, "value": nonce},
        exp={"essential": True},
    ).validate(token.claims)
    claims = token.claims
    assert claims["preferred_username"] == "rina.wulandari"
    assert claims["email"] == "rina.wulandari@bps.go.id"
    assert claims["email_verified"] is True
    assert claims["kode_satker"] == "3572"


def test_the_client_requires_pkce(oidc_provider: OIDCProvider) -> None:
    oidc_provider.add_user("tanpa.pkce", "sandi-rahasia-2")

    location = sign_in(authorization_url(oidc_provider, state="s"), "tanpa.pkce", "x")

    answer = redirect_query(location)
    assert answer["error"] == "invalid_request"
    assert "code_challenge" in answer["error_description"]


def test_a_disabled_user_cannot_sign_in(oidc_provider: OIDCProvider) -> None:
    oidc_provider.add_user("budi.santoso", "sandi-rahasia-3")
    oidc_provider.disable_user("budi.santoso")
    _, challenge = pkce_pair()
    url = authorization_url(
        oidc_provider, state="s", code_challenge=challenge, code_challenge_method="S256"
    )

    with pytest.raises(SignInRefused, match="disabled"):
        sign_in(url, "budi.santoso", "sandi-rahasia-3")
