"""Backup and restore of everything a hub cannot recreate: its stores and its secrets.

A backup is one tar file (mode 0600, it holds keys): `manifest.json` (what, when, the
SHA-256 of each member), the PostgreSQL database as `pg_dump --format=custom`
(distributed) or a consistent copy of each SQLite store (embedded), staff accounts,
sessions and machine tokens included (they live in the staff store), and the secrets:
the generated `secrets.json` and an env file when given (where
`PST_CIPHER_KEY` and friends live when they are not generated). Without the cipher key
the personal data in a restored database is unreadable: keep backups where the keys are
allowed to be.

Restore recreates the database from the dump (`pg_restore --clean --create`), puts the
secrets back, and refuses a backup whose members do not match the manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from hub.settings import HubSettings

DUMP = "database.dump"


class BackupError(RuntimeError):
    pass


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _maintenance_url(database_url: str) -> tuple[str, str]:
    """(URL of the server's `postgres` database, name of the hub's database)."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/") or "postgres"
    return urlunsplit(parts._replace(path="/postgres")), name


def _database_members(settings: HubSettings, work: Path) -> dict[str, Path]:
    if settings.distributed:
        out = work / DUMP
        url = settings.database.required_url()
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={out}", f"--dbname={url}"],
            check=True,
            capture_output=True,
        )
        return {DUMP: out}
    members = {}
    for store in sorted(settings.var_dir.glob("*.sqlite3")):
        copy = work / store.name
        with sqlite3.connect(store) as source, sqlite3.connect(copy) as target:
            source.backup(target)  # consistent even while the hub writes
        members[f"stores/{store.name}"] = copy
    return members


def _secret_members(settings: HubSettings, env_file: Path | None) -> dict[str, Path]:
    candidates = {
        "secrets/secrets.json": settings.var_dir / "secrets.json",
        "secrets/hub.env": env_file,
    }
    return {name: path for name, path in candidates.items() if path and path.exists()}


def create(settings: HubSettings, out: Path, env_file: Path | None = None) -> dict[str, object]:
    """Write the backup to `out`; return its manifest."""
    with tempfile.TemporaryDirectory() as temporary:
        members = _database_members(settings, Path(temporary))
        members.update(_secret_members(settings, env_file))
        contents = {name: path.read_bytes() for name, path in members.items()}
    manifest: dict[str, object] = {
        "created_at": datetime.now(UTC).isoformat(),
        "mode": settings.mode,
        "members": {name: _sha256(data) for name, data in contents.items()},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file, tarfile.open(fileobj=file, mode="w:gz") as tar:
        for name, data in {
            "manifest.json": json.dumps(manifest, indent=2).encode(),
            **contents,
        }.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o600
            tar.addfile(info, io.BytesIO(data))
    return manifest


def _read(backup: Path) -> tuple[dict[str, object], dict[str, bytes]]:
    with tarfile.open(backup, mode="r:gz") as tar:
        contents = {}
        for member in tar.getmembers():
            extracted = tar.extractfile(member)
            if extracted is not None:
                contents[member.name] = extracted.read()
    manifest = json.loads(contents.pop("manifest.json"))
    expected = manifest["members"]
    if {name: _sha256(data) for name, data in contents.items()} != expected:
        raise BackupError(f"{backup}: members do not match the manifest")
    return manifest, contents


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def restore(settings: HubSettings, backup: Path, env_file: Path | None = None) -> list[str]:
    """Put the stores and secrets of `backup` back; return what was restored."""
    manifest, contents = _read(backup)
    if manifest["mode"] != settings.mode:
        raise BackupError(f"a {manifest['mode']} backup cannot restore a {settings.mode} hub")
    if DUMP in contents:
        admin, _ = _maintenance_url(settings.database.required_url())
        with tempfile.NamedTemporaryFile(suffix=".dump") as dump:
            dump.write(contents[DUMP])
            dump.flush()
            subprocess.run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--create",
                    "--no-owner",
                    "--exit-on-error",
                    f"--dbname={admin}",
                    dump.name,
                ],
                check=True,
                capture_output=True,
            )
    targets = {
        "secrets/secrets.json": settings.var_dir / "secrets.json",
        "secrets/hub.env": env_file,
    }
    for name, data in contents.items():
        if name.startswith("stores/"):
            _write_private(settings.var_dir / name.removeprefix("stores/"), data)
        elif targets.get(name) is not None:
            _write_private(targets[name], data)  # type: ignore[arg-type]
    return sorted(contents)
