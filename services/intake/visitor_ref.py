"""Pseudonymous visitor references: a keyed hash stable per person across channels.

The same key also derives the ids of intake's index aggregates (aliases, channel
messages), so no phone number, e-mail address or message id is stored in clear,
not even as an aggregate id (ids are not encrypted by the store's cipher).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from uuid import UUID


def normalise_identity(identity: str) -> str:
    """Fold the forms one person's identifier takes on different channels.

    E-mail addresses are lower-cased; Indonesian phone numbers become 62XXXXXXXX
    (0812..., +62 812..., 62812... are one number); anything else is stripped of spaces.
    """
    text = unicodedata.normalize("NFKC", identity).strip()
    if "@" in text:
        return "email:" + text.lower()
    digits = re.sub(r"[\s\-().+]", "", text)
    if digits.isdigit() and len(digits) >= 8:
        if digits.startswith("0"):
            digits = "62" + digits[1:]
        return "phone:" + digits
    return "id:" + re.sub(r"\s+", "", text).upper()


class VisitorRefs:
    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("visitor_ref key must be at least 16 bytes")
        self._key = key

    def _digest(self, text: str) -> bytes:
        return hmac.new(self._key, text.encode(), hashlib.sha256).digest()

    def ref_for(self, identity: str) -> str:
        return "vr_" + self._digest(normalise_identity(identity)).hex()[:32]

    def key_for(self, kind: str, value: str) -> UUID:
        """A deterministic aggregate id for `value` of `kind`, that does not reveal it."""
        return UUID(bytes=self._digest(f"{kind}\x1f{value}")[:16], version=4)
