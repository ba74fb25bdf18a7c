"""The work directory of one bring-up: every path and the state that a later ``down`` needs."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class State:
    """What must survive between ``up`` and ``down``: the database it created, the passwords it chose."""

    port: int
    database: str
    database_password: str = field(default_factory=lambda: secrets.token_hex(12))
    admin_password: str = field(default_factory=lambda: "Wjs-" + secrets.token_hex(12))
    database_created: bool = False
    pg_cluster: str = ""
    pg_port: int = 0


@dataclass(frozen=True)
class Workdir:
    root: Path

    @property
    def wiki(self) -> Path:
        return self.root / "wiki"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    @property
    def pid_file(self) -> Path:
        return self.root / "server.pid"

    @property
    def keys(self) -> Path:
        return self.root / "keys.json"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def state_file(self) -> Path:
        return self.root / "state.json"

    def load(self) -> State | None:
        if not self.state_file.exists():
            return None
        return State(**json.loads(self.state_file.read_text(encoding="utf-8")))

    def save(self, state: State) -> None:
        write_private(self.state_file, json.dumps(asdict(state), indent=1))


def write_private(path: Path, text: str) -> None:
    """Passwords and keys are readable by the owner only, and never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    partial.replace(path)
