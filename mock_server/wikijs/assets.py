"""The ``assets`` namespace: folders, listing, rename, delete (facts § 4.2).

Page rules apply to asset paths (``folder/slugs/filename``) with no locale, as on the real
server, so locale-restricted rules never grant anything here. The checks of ``renameAsset``
run in the real server's order: 2004, 2008, 2007, 2005, 2006, 2009.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.access import PageRules
from mock_server.wikijs.asset_store import Asset, AssetStore
from mock_server.wikijs.errors import ErrorTable, ResponseStatuses, WikiError
from mock_server.wikijs.filenames import asset_name
from mock_server.wikijs.pages import Clock
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


def bind_assets(
    schema: GraphQLSchema,
    store: AssetStore,
    rules: PageRules,
    errors: ErrorTable,
    statuses: ResponseStatuses,
    clock: Clock,
) -> None:
    def mutation(operation: str, run: Callable[..., None]) -> Callable[..., dict[str, Any]]:
        def resolve(_: object, info: Info, **args: Any) -> dict[str, Any]:
            try:
                run(info, **args)
            except WikiError as error:
                return {"responseResult": statuses.failure(error)}
            return {"responseResult": statuses.success(operation)}

        return resolve

    def readable(info: Info, path: str) -> bool:
        return rules.allows(caller_of(info), ["read:assets"], NO_LOCALE, path)

    def listing(_: object, info: Info, *, folderId: int, kind: str) -> list[dict[str, Any]]:
        found = store.assets(folderId, None if kind == ALL_KINDS else kind)
        return [asset_view(asset) for asset in found if readable(info, store.asset_path(asset))]

    def folders(_: object, info: Info, *, parentFolderId: int) -> list[dict[str, Any]]:
        parent = store.folder_path(parentFolderId) or ""
        rows = store.folders(parentFolderId)
        return [folder_view(row) for row in rows if readable(info, f"{parent}/{row['slug']}".lstrip("/"))]

    def create_folder(_: Info, *, parentFolderId: int, slug: str, name: str | None = None) -> None:
        """``name`` is ignored (name := slug), as on the real server."""
        if parentFolderId and store.folder(parentFolderId) is None:
            raise WikiError.plain(NO_PARENT)
        if not store.create_folder(parentFolderId, asset_name(slug), clock()):
            raise errors.error(AssetError.FOLDER_EXISTS)

    def existing(asset_id: int) -> Asset:
        asset = store.asset(asset_id)
        if asset is None:
            raise errors.error(AssetError.INVALID)
        return asset

    def require(info: Info, scope: str, path: str, refusal: AssetError) -> None:
        if not rules.allows(caller_of(info), [scope], NO_LOCALE, path):
            raise errors.error(refusal)

    def rename(info: Info, *, id: int, filename: str) -> None:
        asset = existing(id)
        name = asset_name(filename)
        if not name.endswith(asset.ext):
            raise errors.error(AssetError.RENAME_INVALID_EXT)
        if len(name) - len(asset.ext) < 1:
            raise errors.error(AssetError.RENAME_INVALID)
        if store.name_taken(asset.folderId, name):
            raise errors.error(AssetError.RENAME_COLLISION)
        folder = store.folder_path(asset.folderId) or ""
        require(info, "manage:assets", store.asset_path(asset), AssetError.RENAME_FORBIDDEN)
        require(info, "write:assets", f"{folder}/{name}".lstrip("/"), AssetError.RENAME_TARGET_FORBIDDEN)
        store.rename(asset, name, clock())

    def delete(info: Info, *, id: int) -> None:
        asset = existing(id)
        require(info, "manage:assets", store.asset_path(asset), AssetError.DELETE_FORBIDDEN)
        store.delete(asset)

    def flush(_: Info) -> None:
        store.flush_partial()

    bind(schema, "AssetQuery", "list", listing)
    bind(schema, "AssetQuery", "folders", folders)
    bind(schema, "AssetMutation", "createFolder", mutation("assets.createFolder", create_folder))
    bind(schema, "AssetMutation", "renameAsset", mutation("assets.renameAsset", rename))
    bind(schema, "AssetMutation", "deleteAsset", mutation("assets.deleteAsset", delete))
    bind(schema, "AssetMutation", "flushTempUploads", mutation("assets.flushTempUploads", flush))
