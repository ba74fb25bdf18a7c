"""Asset file names as the 2.5 server cleans them: ``sanitize-filename``, then lower case.

The result never holds a path separator, so a name can only ever address a file inside its
folder ("../x" becomes "..x", "/etc/passwd" becomes "etcpasswd").
"""

from __future__ import annotations

import re

ILLEGAL = re.compile(r'[/?<>\\:*|"\x00-\x1f\x80-\x9f]')
RESERVED = re.compile(r"^\.+$")
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
WINDOWS_TRAILING = re.compile(r"[. ]+$")
MAX_BYTES = 255


def sanitize(name: str) -> str:
    """``sanitize-filename`` with an empty replacement, truncated to 255 UTF-8 bytes."""
    cleaned = ILLEGAL.sub("", name)
    cleaned = RESERVED.sub("", cleaned)
    cleaned = WINDOWS_RESERVED.sub("", cleaned)
    cleaned = WINDOWS_TRAILING.sub("", cleaned)
    return cleaned.encode("utf-8")[:MAX_BYTES].decode("utf-8", "ignore")


def asset_name(name: str) -> str:
    """A name given to ``renameAsset`` or a folder slug."""
    return sanitize(name).lower()


def upload_name(name: str, separators: str, replacement: str) -> str:
    """An uploaded file's name: lower case, each run of ``separators`` (a regular expression, from
    the ``upload_form`` rule) replaced, then sanitised."""
    return sanitize(re.sub(separators, lambda _: replacement, name.lower()))
