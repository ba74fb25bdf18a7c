"""String lengths as the real server's JavaScript counts them: UTF-16 code units, so a character
outside the Basic Multilingual Plane (an emoji) counts twice. Minimum and maximum lengths of names,
passwords and comments are checked that way."""

from __future__ import annotations


def js_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
