"""The page tree of ``pages.tree``: folders and pages by path, per locale.

The 2.5 server keeps a ``pageTree`` table that it truncates and rebuilds from the pages after
every page change (``rebuildTree`` does the same on demand), numbering the nodes afresh each
time. Building it from the pages when asked is the same function of the same data, so the
mock derives it instead of storing a copy that could drift. A path ``a/b/c`` makes the
folders ``a`` and ``a/b`` and the page node ``a/b/c``; a page whose path is also a prefix of
another page's path is both a page and a folder (facts § 5).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mock_server.wikijs.store import PageRecord

ROOT = 0
"""``parent`` of a top-level node, as the real server answers it."""


@dataclass
class TreeNode:
    id: int
    path: str
    depth: int
    title: str
    isFolder: bool
    isPrivate: bool
    parent: int
    pageId: int | None
    locale: str
    ancestors: list[int] = field(default_factory=list)
    privateNS: str | None = None


def build_tree(pages: Iterable[PageRecord]) -> list[TreeNode]:
    """Nodes numbered from 1 in (locale, path) order of the pages, as the real rebuild does."""
    nodes: list[TreeNode] = []
    by_key: dict[tuple[str, str], TreeNode] = {}
    for page in sorted(pages, key=lambda p: (p.locale, p.path)):
        parts = page.path.split("/")
        parent, current = ROOT, ""
        ancestors: list[int] = []
        for depth, part in enumerate(parts, start=1):
            current = f"{current}/{part}" if current else part
            folder = depth < len(parts)
            found = by_key.get((page.locale, current))
            if found is None:
                found = TreeNode(
                    id=len(nodes) + 1,
                    path=current,
                    depth=depth,
                    title=part if folder else page.title,
                    isFolder=folder,
                    isPrivate=not folder and page.isPrivate,
                    parent=parent,
                    pageId=None if folder else page.id,
                    locale=page.locale,
                    ancestors=list(ancestors),
                )
                nodes.append(found)
                by_key[(page.locale, current)] = found
            elif folder:
                found.isFolder = True
            else:
                found.pageId, found.title = page.id, page.title
            parent = found.id
            ancestors.append(found.id)
    return nodes


@dataclass(frozen=True)
class TreeQuery:
    """The arguments of ``pages.tree``."""

    mode: str
    locale: str
    path: str | None = None
    parent: int | None = None
    include_ancestors: bool = False


NODE_KINDS: dict[str, Callable[[TreeNode], bool]] = {
    "folder": lambda node: node.isFolder,
    "page": lambda node: node.pageId is not None,
}
"""A kind of node a ``PageTreeMode`` may list (the ``page_tree`` rule) -> whether a node is one."""


def select(nodes: list[TreeNode], query: TreeQuery, kinds: Iterable[str]) -> list[TreeNode]:
    """The children of ``parent`` (or of the node at ``path``'s parent), in one locale, of the
    node ``kinds`` the mode lists, folders first then by title; with ``include_ancestors`` the
    node's ancestors too."""
    current: TreeNode | None = None
    parent = query.parent
    if query.path and not parent:
        current = next((n for n in nodes if n.locale == query.locale and n.path == query.path), None)
        if current is None:
            return []
        parent = current.parent
    tests = [NODE_KINDS[kind] for kind in kinds]

    def keep(node: TreeNode) -> bool:
        return any(test(node) for test in tests)

    wanted = [n for n in nodes if n.locale == query.locale and keep(n) and n.parent == max(parent or ROOT, ROOT)]
    if query.include_ancestors and current is not None and parent:
        wanted += [n for n in nodes if n.id in current.ancestors and n not in wanted]
    return sorted(wanted, key=lambda n: (not n.isFolder, n.title))
