"""`PST_STAFF_*`: sessions, sign-in throttling and single sign-on."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr


class StaffSettings(BaseModel):
    session_idle_minutes: int = Field(
        default=120, ge=1, description="a session unused this long ends (sign in again)"
    )
    session_hours: int = Field(
        default=12, ge=1, description="a session ends this long after sign-in, used or not"
    )
    cookie_secure: Literal["auto", "always", "never"] = Field(
        default="auto",
        description="the session cookie's Secure flag; `auto`: when the request came over "
        "https (behind a proxy, run uvicorn with --proxy-headers)",
    )
    throttle_minutes: int = Field(default=15, ge=1, description="the window of failed sign-ins")
    throttle_per_account_client: int = Field(
        default=5, ge=1, description="failures of one account from one client in the window"
    )
    throttle_per_client: int = Field(
        default=30, ge=1, description="failures from one client (any account) in the window"
    )
    throttle_per_account: int = Field(
        default=20,
        ge=1,
        description="failures of one account from clients it never signed in from; a browser "
        "that signed in before is exempt, so nobody can keep a person locked out",
    )
    token_cache_seconds: float = Field(
        default=2.0, ge=0, le=10, description="how long a process trusts a token lookup"
    )
    setup_code_minutes: int = Field(
        default=60, ge=1, description="how long the first-run setup code stays valid"
    )
    oidc_issuer: str | None = Field(
        default=None,
        description="single sign-on: the OpenID Connect issuer URL (e.g. "
        "https://sso.bps.go.id/realms/pegawai-bps); sign-in with SSO shows only when set",
    )
    oidc_client_id: str | None = Field(default=None, description="the hub's client id there")
    oidc_client_secret: SecretStr | None = Field(default=None, description="its client secret")
    oidc_claim: str = Field(
        default="preferred_username",
        description="the ID token's claim that holds the staff username (or `nip`)",
    )
    oidc_match: Literal["username", "nip"] = Field(
        default="username", description="which field of the staff directory the claim names"
    )
    oidc_label: str = Field(default="SSO BPS", description="the sign-in button's name")

    @property
    def sso_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)
