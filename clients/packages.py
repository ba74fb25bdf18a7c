"""The pinned third-party packages, and where the set-up installs each.

Versions are pinned so a run measures the mock, not a new client release; the graphql-js pins
are the release the real 2.5.314 server runs (15.3.0) and the current major (16). Apollo Client
is what frontend developers point at a Kontent.ai environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = PROJECT_ROOT / ".cache" / "clients"
"""Git-ignored; CI's clean clone fills it in the tox ``tests`` env's set-up."""


@dataclass(frozen=True)
class PythonPackage:
    """A PyPI distribution installed with ``pip install --target``."""

    key: str
    requirement: str
    driver: str | None = None
    """Module of ``clients.drivers`` that drives this Wiki.js client; None for a GraphQL library."""

    @property
    def target(self) -> Path:
        return CACHE_DIR / "python" / self.key


@dataclass(frozen=True)
class NpmPackage:
    """An npm package installed with ``npm install --prefix``."""

    key: str
    spec: str
    peers: tuple[str, ...] = ()
    """Peer dependencies pinned next to it, so npm does not pick their newest release."""

    @property
    def specs(self) -> tuple[str, ...]:
        return (self.spec, *self.peers)

    @property
    def requirement(self) -> str:
        """What the install marker holds: a change of any pin reinstalls."""
        return " ".join(self.specs)

    @property
    def prefix(self) -> Path:
        return CACHE_DIR / "npm" / self.key

    @property
    def node_path(self) -> Path:
        return self.prefix / "node_modules"


GRAPHQL_CORE = (
    PythonPackage("graphql-core-3.1", "graphql-core==3.1.7"),
    PythonPackage("graphql-core-3.2", "graphql-core==3.2.6"),
)
"""Older graphql-core releases; 3.3 is the project's own."""

GRAPHQL_JS = (NpmPackage("graphql-15", "graphql@15.3.0"), NpmPackage("graphql-16", "graphql@16"))

APOLLO_CLIENT = NpmPackage("apollo-client", "@apollo/client@3.13.9", peers=("graphql@16",))
"""Driven by ``clients/js/kontent_apollo.mjs`` through ``@apollo/client/core`` (no React)."""

NPM_PACKAGES = (*GRAPHQL_JS, APOLLO_CLIENT)

WIKIJS_CLIENTS = (
    PythonPackage("wikijs-pyclient", "wikijs-pyclient==1.0.1", driver="drive_pyclient"),
    PythonPackage("wikijs-client", "wikijs-client==0.1.2", driver="drive_wikijs_client"),
    PythonPackage("wikijspy", "wikijspy==0.1.6", driver="drive_wikijspy"),
)
"""Wiki.js 2.x client libraries from PyPI, each driven through its own API. Left out: ``wikijs``
0.1.dev1 fails at import (``cannot import name 'Any' from 'wikijs.typing'``) and ``wikijs-mcp``
is an MCP server, not a library."""

PYTHON_PACKAGES = GRAPHQL_CORE + WIKIJS_CLIENTS


def marker(directory: Path) -> Path:
    """Written after a complete install, holding the requirement it installed."""
    return directory / ".installed"


def installed(directory: Path, requirement: str) -> bool:
    stamp = marker(directory)
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == requirement
