"""Password hashes: argon2id through argon2-cffi.

Parameters: time cost 2, memory 32 MiB, 1 lane (above OWASP's minimum of 19 MiB, t=2,
p=1). A verification costs about 75 ms on the reference machine (2 cores); `make bench`
reports it as `password_verify_ms`. Hashes made with other parameters still verify and
are rehashed at the next successful sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from standard.errors import RuleViolation

HASHER = PasswordHasher(time_cost=2, memory_cost=32 * 1024, parallelism=1)
MIN_LENGTH = 10
MAX_LENGTH = 256
# A hash of nothing anyone knows: an unknown username costs the same time as a known one.
_DUMMY = HASHER.hash("pst-hub: no such account")


def check_new_password(password: str, username: str = "") -> str:
    if len(password) < MIN_LENGTH:
        raise RuleViolation("password", f"kata sandi minimal {MIN_LENGTH} karakter / too short")
    if len(password) > MAX_LENGTH:
        raise RuleViolation("password", f"kata sandi maksimal {MAX_LENGTH} karakter / too long")
    if username and username.lower() in password.lower():
        raise RuleViolation(
            "password", "kata sandi tidak boleh memuat nama pengguna / contains the username"
        )
    return password


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; an absent hash still costs one verification."""
    try:
        return HASHER.verify(password_hash or _DUMMY, password[:MAX_LENGTH]) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return HASHER.check_needs_rehash(password_hash)
