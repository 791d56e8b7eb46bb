"""Secrets for the embedded default: generated once into var/, never committed."""

from __future__ import annotations

import base64
import json
import secrets
from pathlib import Path


def load_or_create(path: Path) -> dict[str, str]:
    if path.exists():
        return dict(json.loads(path.read_text()))
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {
        "cipher_key": base64.b64encode(secrets.token_bytes(32)).decode(),
        "visitor_ref_key": secrets.token_hex(32),
    }
    path.write_text(json.dumps(values, indent=2))
    path.chmod(0o600)
    return values
