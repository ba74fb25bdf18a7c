"""What the GraphiQL page loads and where it lives: the manifest shared by the page and the installer.

Kept apart from :mod:`mock_server.assets` (the installer) so serving the page never imports
installer code, and ``python -m mock_server.assets`` runs without the package importing it first.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

PACKAGES: Mapping[str, str] = MappingProxyType({"graphiql": "3.8.3", "react": "18.3.1", "react-dom": "18.3.1"})
"""npm package -> pinned version; GraphiQL 3 runs on the React 18 UMD builds."""

ASSET_DIR = Path(__file__).resolve().parent / "static" / "graphiql"

ASSET_FILES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "graphiql.min.js": ("graphiql", "package/graphiql.min.js"),
        "graphiql.min.css": ("graphiql", "package/graphiql.min.css"),
        "react.production.min.js": ("react", "package/umd/react.production.min.js"),
        "react-dom.production.min.js": ("react-dom", "package/umd/react-dom.production.min.js"),
    }
)
"""Served file name -> (npm package, member of its tarball)."""

INSTALL_COMMAND = "python -m mock_server.assets"


def installed(directory: Path = ASSET_DIR) -> bool:
    return all((directory / name).is_file() for name in ASSET_FILES)
