"""The ``assets`` namespace: folders, listing, rename, delete (facts § 4.2).

Page rules apply to asset paths (``folder/slugs/filename``) with no locale, as on the real
server, so locale-restricted rules never grant anything here. The checks of ``renameAsset``
run in the real server's order: 2004, 2008, 2007, 2005, 2006, 2009.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.access import PageRules
from mock_server.wikijs.asset_store import Asset, AssetStore
from mock_server.wikijs.context import WikiContext
from mock_server.wikijs.errors import WikiError
from mock_server.wikijs.filenames import asset_name
from mock_server.wikijs.resolvers import Info, caller_of

NO_LOCALE = ""
"""The real server checks asset paths with an undefined locale."""
ALL_KINDS = "ALL"
NO_PARENT = "Parent folder does not exist."


class AssetError(StrEnum):
    """Rule ids of the asset errors the mock raises."""

    FOLDER_EXISTS = "wikijs.errors.2002"
    DELETE_FORBIDDEN = "wikijs.errors.2003"
    INVALID = "wikijs.errors.2004"
    RENAME_COLLISION = "wikijs.errors.2005"
    RENAME_FORBIDDEN = "wikijs.errors.2006"
    RENAME_INVALID = "wikijs.errors.2007"
    RENAME_INVALID_EXT = "wikijs.errors.2008"
    RENAME_TARGET_FORBIDDEN = "wikijs.errors.2009"


def asset_view(asset: Asset) -> dict[str, Any]:
    """``folder`` and ``author`` have no resolver on the real server: always null."""
    keys = ("id", "filename", "ext", "kind", "mime", "fileSize", "createdAt", "updatedAt")
    return {**{key: getattr(asset, key) for key in keys}, "metadata": "", "folder": None, "author": None}


def folder_view(row: Any) -> dict[str, Any]:
    return {"id": row["id"], "slug": row["slug"], "name": row["name"]}


class AssetResolvers:
    """The ``assets`` fields over the shared context and the asset store, checked by page rules."""

    def __init__(self, context: WikiContext, store: AssetStore, rules: PageRules) -> None:
        self._errors, self._clock = context.errors, context.clock
        self._store, self._rules = store, rules

    def _readable(self, info: Info, path: str) -> bool:
        return self._rules.allows(caller_of(info), ["read:assets"], NO_LOCALE, path)

    def listing(self, _: object, info: Info, *, folderId: int, kind: str) -> list[dict[str, Any]]:
        found = self._store.assets(folderId, None if kind == ALL_KINDS else kind)
        return [asset_view(asset) for asset in found if self._readable(info, self._store.asset_path(asset))]

    def folders(self, _: object, info: Info, *, parentFolderId: int) -> list[dict[str, Any]]:
        parent = self._store.folder_path(parentFolderId) or ""
        rows = self._store.folders(parentFolderId)
        return [folder_view(row) for row in rows if self._readable(info, f"{parent}/{row['slug']}".lstrip("/"))]

    def create_folder(self, _: Info, *, parentFolderId: int, slug: str, name: str | None = None) -> None:
        """``name`` is ignored (name := slug), as on the real server."""
        if parentFolderId and self._store.folder(parentFolderId) is None:
            raise WikiError.plain(NO_PARENT)
        if not self._store.create_folder(parentFolderId, asset_name(slug), self._clock()):
            raise self._errors.error(AssetError.FOLDER_EXISTS)

    def _existing(self, asset_id: int) -> Asset:
        asset = self._store.asset(asset_id)
        if asset is None:
            raise self._errors.error(AssetError.INVALID)
        return asset

    def _require(self, info: Info, scope: str, path: str, refusal: AssetError) -> None:
        if not self._rules.allows(caller_of(info), [scope], NO_LOCALE, path):
            raise self._errors.error(refusal)

    def rename(self, info: Info, *, id: int, filename: str) -> None:
        asset = self._existing(id)
        name = asset_name(filename)
        if not name.endswith(asset.ext):
            raise self._errors.error(AssetError.RENAME_INVALID_EXT)
        if len(name) - len(asset.ext) < 1:
            raise self._errors.error(AssetError.RENAME_INVALID)
        if self._store.name_taken(asset.folderId, name):
            raise self._errors.error(AssetError.RENAME_COLLISION)
        folder = self._store.folder_path(asset.folderId) or ""
        self._require(info, "manage:assets", self._store.asset_path(asset), AssetError.RENAME_FORBIDDEN)
        self._require(info, "write:assets", f"{folder}/{name}".lstrip("/"), AssetError.RENAME_TARGET_FORBIDDEN)
        self._store.rename(asset, name, self._clock())

    def delete(self, info: Info, *, id: int) -> None:
        asset = self._existing(id)
        self._require(info, "manage:assets", self._store.asset_path(asset), AssetError.DELETE_FORBIDDEN)
        self._store.delete(asset)

    def flush(self, _: Info) -> None:
        self._store.flush_partial()


def bind_assets(schema: GraphQLSchema, context: WikiContext, store: AssetStore, rules: PageRules) -> None:
    assets, outcome = AssetResolvers(context, store, rules), context.outcome
    bind(schema, "AssetQuery", "list", assets.listing)
    bind(schema, "AssetQuery", "folders", assets.folders)
    bind(schema, "AssetMutation", "createFolder", outcome("assets.createFolder", assets.create_folder))
    bind(schema, "AssetMutation", "renameAsset", outcome("assets.renameAsset", assets.rename))
    bind(schema, "AssetMutation", "deleteAsset", outcome("assets.deleteAsset", assets.delete))
    bind(schema, "AssetMutation", "flushTempUploads", outcome("assets.flushTempUploads", assets.flush))
