"""Strings as the real server's JavaScript handles them: lengths in UTF-16 code units (a character
outside the Basic Multilingual Plane, an emoji, counts twice), as minimum and maximum lengths of
names, passwords and comments are checked; ``trim`` with JavaScript's whitespace (which includes
the byte order mark)."""

from __future__ import annotations


def js_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


JS_WHITESPACE = (
    " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What ``String.prototype.trim`` removes: white space and line terminators of ECMAScript."""


def js_trim(text: str) -> str:
    return text.strip(JS_WHITESPACE)
