"""Secrets for the embedded default: generated once into var/, never committed."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import tempfile
from pathlib import Path


def load_or_create(path: Path) -> dict[str, str]:
    """The secrets in `path`, generated on first use.

    Processes started at the same moment must end up with the same keys: the file is
    written whole under a temporary name (mode 0600 from the start) and linked into place,
    which fails if another process got there first; then everyone reads the winner's file.
    """
    if path.exists():
        return dict(json.loads(path.read_text()))
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {
        "cipher_key": base64.b64encode(secrets.token_bytes(32)).decode(),
        "visitor_ref_key": secrets.token_hex(32),
    }
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secrets-")  # mode 0600
    try:
        with os.fdopen(fd, "w") as file:
            json.dump(values, file, indent=2)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return dict(json.loads(path.read_text()))
