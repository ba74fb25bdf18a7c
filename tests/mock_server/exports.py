"""The Management API fixtures as users export them, shared by the model tests and the Apollo
Client test: ``models/management`` holds ``GET /types``, ``/snippets``, ``/taxonomies`` and
``/languages`` answers, ``models/data-ops`` the item files of an environment backup."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

MODELS = Path(__file__).parent / "models"
MANAGEMENT = MODELS / "management"
DATA_OPS = MODELS / "data-ops"
ANSWER_FILES = {"types": "contentTypes", "snippets": "contentTypeSnippets", "taxonomies": "taxonomies"}
"""Management API answer -> the file data-ops writes its entities to."""


def data_ops_backup(directory: Path) -> Path:
    """An environment backup as `npx @kontent-ai/data-ops environment backup` writes it."""
    path = directory / "backup.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for key, stem in ANSWER_FILES.items():
            answer = json.loads((MANAGEMENT / f"{key}.json").read_text(encoding="utf-8"))
            archive.writestr(f"{stem}.json", json.dumps(answer[key]))
        languages = json.loads((MANAGEMENT / "languages.json").read_text(encoding="utf-8"))["languages"]
        archive.writestr("languages.json", json.dumps(languages))
        for file in sorted(DATA_OPS.glob("*.json")):
            archive.writestr(file.name, file.read_text(encoding="utf-8"))
        archive.writestr("assets/00000000-beans.jpg", b"\xff\xd8")
    return path
