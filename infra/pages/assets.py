"""Every service's static files behind one route, with content-digest URLs.

A page links `/static/<namespace>/<name>?v=<digest>`; the digest changes with the file, so
a versioned URL may be cached for a year (`immutable`) and a browser never runs a stale
script after an update. Only registered files are served: no path from a request reaches
the filesystem.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib.resources import files

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import Response

STATIC_PREFIX = "/static"
MEDIA_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"  # an unversioned or stale URL: revalidate soon


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    digest: str


class AssetRegistry:
    """Files by `namespace/name`, read once when a service contributes them."""

    def __init__(self) -> None:
        self._assets: dict[str, Asset] = {}

    def add(self, namespace: str, name: str, body: bytes, media_type: str) -> None:
        digest = hashlib.sha256(body).hexdigest()[:12]
        self._assets[f"{namespace}/{name}"] = Asset(body, media_type, digest)

    def add_folder(self, namespace: str, package: str, folder: str = "static") -> None:
        """Every file of a known type directly inside `package/folder`."""
        root = files(package).joinpath(folder)
        if not root.is_dir():
            return
        for entry in sorted(root.iterdir(), key=lambda item: item.name):
            media_type = MEDIA_TYPES.get("." + entry.name.rpartition(".")[2])
            if entry.is_file() and media_type:
                self.add(namespace, entry.name, entry.read_bytes(), media_type)

    def names(self, namespace: str) -> list[str]:
        prefix = namespace + "/"
        return [key.removeprefix(prefix) for key in self._assets if key.startswith(prefix)]

    def get(self, key: str) -> Asset:
        return self._assets[key]

    def url(self, key: str) -> str:
        """`queue/console.js` -> `/static/queue/console.js?v=3f2a9c01b7de`."""
        try:
            asset = self._assets[key]
        except KeyError:
            raise LookupError(f"no static file {key!r} was contributed") from None
        return f"{STATIC_PREFIX}/{key}?v={asset.digest}"

    def response(self, key: str, version: str | None) -> Response:
        asset = self._assets.get(key)
        if asset is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="berkas tidak ada / no such file")
        cache = LONG_CACHE if version == asset.digest else SHORT_CACHE
        headers = {
            "Cache-Control": cache,
            "ETag": f'"{asset.digest}"',
            "X-Content-Type-Options": "nosniff",
        }
        return Response(asset.body, media_type=asset.media_type, headers=headers)

    def router(self) -> APIRouter:
        router = APIRouter(include_in_schema=False)

        @router.get(STATIC_PREFIX + "/{namespace}/{name}")
        def static_file(namespace: str, name: str, v: str | None = None) -> Response:
            return self.response(f"{namespace}/{name}", v)

        return router
