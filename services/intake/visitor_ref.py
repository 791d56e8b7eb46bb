"""Pseudonymous visitor references: a keyed hash stable per person across channels."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata


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

    def ref_for(self, identity: str) -> str:
        digest = hmac.new(self._key, normalise_identity(identity).encode(), hashlib.sha256)
        return "vr_" + digest.hexdigest()[:32]
