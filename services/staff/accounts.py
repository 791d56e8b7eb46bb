"""Who may sign in, and their sessions: passwords, throttling, the audit trail, sessions.

A session is a random id in an HttpOnly cookie; only its SHA-256 is stored, with the
session's CSRF token and its idle and absolute expiry. Every request looks it up in the
service's own tables, so a sign-out or a deactivation ends it at once in every process.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

from infra.roles import Principal
from services.staff import passwords
from services.staff.application import StaffApplication, principal_of
from services.staff.settings import StaffSettings
from services.staff.tables import Row, Tables

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOUCH_SECONDS = 30.0  # seen_at is written at most this often per session


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    session_id: str  # the cookie's value; never stored
    csrf_token: str
    username: str


@dataclass(frozen=True)
class SignInOutcome:
    session: Session | None = None
    retry_after: int | None = None  # throttled: seconds until the next attempt counts
    reason: str = ""


class Audit:
    """The sign-in audit trail the admin reads (successes, failures, sign-outs)."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def record(self, username: str, client: str, method: str, outcome: str) -> None:
        self.tables.execute(
            "INSERT INTO staff_signin_audit (at, username, client, method, outcome) "
            "VALUES (?, ?, ?, ?, ?)",
            (time.time(), username[:64], client[:64], method, outcome),
        )

    def latest(self, limit: int = 200, username: str | None = None) -> list[Row]:
        where, params = ("WHERE username = ? ", (username,)) if username else ("", ())
        return self.tables.rows(
            f"SELECT at, username, client, method, outcome FROM staff_signin_audit {where}"
            "ORDER BY at DESC LIMIT ?",
            (*params, limit),
        )


class Throttle:
    """Failed sign-ins counted in a sliding window, per account and client, per client, and
    per account for clients that never signed in to it (the device cookie exempts them)."""

    def __init__(self, tables: Tables, settings: StaffSettings) -> None:
        self.tables = tables
        self.window = settings.throttle_minutes * 60.0
        self.limits = {
            "uc": settings.throttle_per_account_client,
            "c": settings.throttle_per_client,
            "u": settings.throttle_per_account,
        }

    @staticmethod
    def scopes(username: str, client: str, known_device: bool) -> dict[str, str]:
        scopes = {"uc": f"uc:{username}|{client}", "c": f"c:{client}"}
        if not known_device:
            scopes["u"] = f"u:{username}"
        return scopes

    def retry_after(self, username: str, client: str, known_device: bool) -> int | None:
        now = time.time()
        waits = []
        for kind, scope in self.scopes(username, client, known_device).items():
            found = self.tables.row(
                "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM staff_signin_failures "
                "WHERE scope = ? AND at > ?",
                (scope, now - self.window),
            )
            if found and int(found["n"]) >= self.limits[kind]:
                waits.append(int(float(found["oldest"]) + self.window - now) + 1)
        return max(waits) if waits else None

    def failed(self, username: str, client: str, known_device: bool) -> None:
        now = time.time()
        self.tables.execute("DELETE FROM staff_signin_failures WHERE at < ?", (now - self.window,))
        for scope in self.scopes(username, client, known_device).values():
            self.tables.execute(
                "INSERT INTO staff_signin_failures (scope, at) VALUES (?, ?)", (scope, now)
            )

    def succeeded(self, username: str, client: str) -> None:
        self.tables.execute(
            "DELETE FROM staff_signin_failures WHERE scope = ?", (f"uc:{username}|{client}",)
        )


class Sessions:
    def __init__(self, tables: Tables, directory: StaffApplication, settings: StaffSettings):
        self.tables = tables
        self.directory = directory
        self.idle = settings.session_idle_minutes * 60.0
        self.absolute = settings.session_hours * 3600.0

    def open(self, username: str, method: str) -> Session:
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), username)
        now = time.time()
        self.tables.execute(
            "INSERT INTO staff_sessions (session_hash, username, csrf_token, method, "
            "created_at, seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                digest(session.session_id),
                username,
                session.csrf_token,
                method,
                now,
                now,
                now + self.absolute,
            ),
        )
        self.tables.execute("DELETE FROM staff_sessions WHERE expires_at < ?", (now,))
        return session

    def live(self, session_id: str) -> tuple[Row, Principal] | None:
        """The session's row and its member's principal, or None when it has ended."""
        key = digest(session_id)
        row = self.tables.row("SELECT * FROM staff_sessions WHERE session_hash = ?", (key,))
        if row is None:
            return None
        now = time.time()
        if now > float(row["expires_at"]) or now - float(row["seen_at"]) > self.idle:
            self.tables.execute("DELETE FROM staff_sessions WHERE session_hash = ?", (key,))
            return None
        member = self.directory.find(row["username"])
        if member is None or not member.active:
            return None
        if now - float(row["seen_at"]) > TOUCH_SECONDS:
            self.tables.execute(
                "UPDATE staff_sessions SET seen_at = ? WHERE session_hash = ?", (now, key)
            )
        return row, principal_of(member)

    def close(self, session_id: str) -> str | None:
        """Ends one session; the username it belonged to."""
        key = digest(session_id)
        row = self.tables.row("SELECT username FROM staff_sessions WHERE session_hash = ?", (key,))
        self.tables.execute("DELETE FROM staff_sessions WHERE session_hash = ?", (key,))
        return row["username"] if row else None

    def close_all(self, username: str) -> int:
        return self.tables.execute("DELETE FROM staff_sessions WHERE username = ?", (username,))

    def link_sso(self, session: Session, issuer: str, subject: str, sid: str | None) -> None:
        """Remembers which provider session opened this one (for its back-channel logout)."""
        now = time.time()
        self.tables.execute("DELETE FROM staff_sso_sessions WHERE expires_at < ?", (now,))
        self.tables.execute(
            "INSERT INTO staff_sso_sessions (session_hash, issuer, subject, sid, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (digest(session.session_id), issuer, subject, sid, now + self.absolute),
        )

    def close_sso(self, issuer: str, subject: str | None, sid: str | None) -> list[str]:
        """Ends the hub sessions opened through the provider's session `sid` (or, without
        one, every session of its `subject`); the usernames whose sessions ended."""
        where, params = (
            ("issuer = ? AND sid = ?", (issuer, sid))
            if sid
            else ("issuer = ? AND subject = ?", (issuer, subject))
        )
        linked = self.tables.rows(
            f"SELECT session_hash FROM staff_sso_sessions WHERE {where}", params
        )
        ended: list[str] = []
        for row in linked:
            key = row["session_hash"]
            live = self.tables.row(
                "SELECT username FROM staff_sessions WHERE session_hash = ?", (key,)
            )
            self.tables.execute("DELETE FROM staff_sessions WHERE session_hash = ?", (key,))
            self.tables.execute("DELETE FROM staff_sso_sessions WHERE session_hash = ?", (key,))
            if live is not None:
                ended.append(str(live["username"]))
        return ended

    def count(self, username: str) -> int:
        found = self.tables.row(
            "SELECT COUNT(*) AS n FROM staff_sessions WHERE username = ? AND expires_at > ?",
            (username, time.time()),
        )
        return int(found["n"]) if found else 0


class Credentials:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def set(self, username: str, password: str) -> None:
        passwords.check_new_password(password, username)
        hashed = passwords.hash_password(password)
        changed = self.tables.execute(
            "UPDATE staff_credentials SET password_hash = ?, changed_at = ? WHERE username = ?",
            (hashed, time.time(), username),
        )
        if not changed:
            self.tables.execute(
                "INSERT INTO staff_credentials (username, password_hash, changed_at) "
                "VALUES (?, ?, ?)",
                (username, hashed, time.time()),
            )

    def hash_of(self, username: str) -> str | None:
        row = self.tables.row(
            "SELECT password_hash FROM staff_credentials WHERE username = ?", (username,)
        )
        return str(row["password_hash"]) if row else None

    def has_password(self, username: str) -> bool:
        return self.hash_of(username) is not None

    def verify(self, username: str, password: str) -> bool:
        stored = self.hash_of(username)
        ok = passwords.verify(stored, password)
        if ok and stored and passwords.needs_rehash(stored):
            self.set(username, password)
        return ok


class Profiles:
    """What the directory keeps of a member off the bus: the work e-mail address."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def set_email(self, username: str, email: str | None) -> None:
        self.tables.execute("DELETE FROM staff_profiles WHERE username = ?", (username,))
        if email:
            self.tables.execute(
                "INSERT INTO staff_profiles (username, email) VALUES (?, ?)", (username, email)
            )

    def email_of(self, username: str) -> str | None:
        row = self.tables.row("SELECT email FROM staff_profiles WHERE username = ?", (username,))
        return str(row["email"]) if row else None


class Pending:
    """Short-lived one-time records: the first-run setup code, a sign-on in progress."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def put(self, kind: str, key: str, payload: dict[str, Any], seconds: float) -> None:
        now = time.time()
        self.tables.execute("DELETE FROM staff_pending WHERE expires_at < ?", (now,))
        self.tables.execute(
            "INSERT INTO staff_pending (kind, key_hash, payload, expires_at) VALUES (?, ?, ?, ?)",
            (kind, digest(key), json.dumps(payload), now + seconds),
        )

    def take(self, kind: str, key: str) -> dict[str, Any] | None:
        """The payload, once: a second take (a replayed link) finds nothing."""
        params = (kind, digest(key))
        row = self.tables.row(
            "SELECT payload, expires_at FROM staff_pending WHERE kind = ? AND key_hash = ?", params
        )
        if row is None:
            return None
        if not self.tables.execute(
            "DELETE FROM staff_pending WHERE kind = ? AND key_hash = ?", params
        ):
            return None  # taken by another request at the same moment
        if float(row["expires_at"]) < time.time():
            return None
        payload: dict[str, Any] = json.loads(row["payload"])
        return payload

    def any(self, kind: str) -> bool:
        row = self.tables.row(
            "SELECT COUNT(*) AS n FROM staff_pending WHERE kind = ? AND expires_at > ?",
            (kind, time.time()),
        )
        return bool(row and int(row["n"]))


class DeviceCookies:
    """A browser that signed in to an account before carries its mark (an HMAC of the
    username): the per-account throttle does not count its failures (OWASP's device
    cookies), so an attacker failing from elsewhere cannot lock the person out."""

    def __init__(self, key: str) -> None:
        self.key = hashlib.sha256(b"pst-device-cookie:" + key.encode()).digest()

    def _mark(self, username: str) -> str:
        return hmac.new(self.key, username.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self, username: str, existing: str | None) -> str:
        marks = set((existing or "").split(".")) - {""}
        marks.add(self._mark(username))
        return ".".join(sorted(marks)[-8:])

    def knows(self, cookie: str | None, username: str) -> bool:
        return bool(cookie) and self._mark(username) in (cookie or "").split(".")


class Accounts:
    """Password sign-in: throttled, audited, timing-equal for unknown accounts."""

    def __init__(
        self,
        directory: StaffApplication,
        credentials: Credentials,
        sessions: Sessions,
        throttle: Throttle,
        audit: Audit,
    ) -> None:
        self.directory = directory
        self.credentials = credentials
        self.sessions = sessions
        self.throttle = throttle
        self.audit = audit

    def sign_in(
        self, username: str, password: str, client: str, known_device: bool
    ) -> SignInOutcome:
        username = username.strip().lower()[:64]
        wait = self.throttle.retry_after(username, client, known_device)
        if wait is not None:
            self.audit.record(username, client, "password", "throttled")
            return SignInOutcome(retry_after=wait)
        member = self.directory.find(username) if username else None
        password_ok = self.credentials.verify(username, password)
        if member is None or not password_ok:
            self.throttle.failed(username, client, known_device)
            self.audit.record(username, client, "password", "failed")
            return SignInOutcome(reason="failed")
        if not member.active:
            self.audit.record(username, client, "password", "deactivated")
            return SignInOutcome(reason="deactivated")
        self.throttle.succeeded(username, client)
        self.audit.record(username, client, "password", "signed_in")
        return SignInOutcome(session=self.sessions.open(username, "password"))

    def sign_in_with(self, username: str, client: str, method: str) -> SignInOutcome:
        """A sign-in another authority vouched for (single sign-on)."""
        member = self.directory.find(username)
        if member is None:
            self.audit.record(username, client, method, "unknown")
            return SignInOutcome(reason="unknown")
        if not member.active:
            self.audit.record(username, client, method, "deactivated")
            return SignInOutcome(reason="deactivated")
        self.audit.record(username, client, method, "signed_in")
        return SignInOutcome(session=self.sessions.open(username, method))
