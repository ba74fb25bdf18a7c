"""The message a Node.js 20 server behind body-parser (``strict``) answers for a request body that is
not JSON, for the rules whose ``malformed_json`` answer says ``wording: v8``.

Python's decoder words and places its errors its own way (``Expecting ',' delimiter: line 1
column 8``) and accepts what V8 refuses (``NaN``), so the body is scanned again here the way
V8 11's ``JSON.parse`` does, for the first error and its position in UTF-16 code units. Before
parsing, body-parser refuses a body whose first non-blank character is not ``{`` or ``[``: it
parses the text up to that character followed by ``#`` and puts the character back into the
message (``Unexpected token '"', "#" is not valid JSON``). Probes of a real server are recorded
in ``tests/mock_server/http/data/v8-json-probes.json``.
"""

from __future__ import annotations

import re
import struct

from specs.model import BadRequest

BLANK = " \t\n\r"
CONTEXT = 10
"""Characters V8 shows on each side of an unexpected token in a long text."""
SHORT = 2 * CONTEXT + 1
"""Texts shorter than this are shown whole."""
LITERALS = {"t": "true", "f": "false", "n": "null"}
ESCAPES = frozenset('"\\/bfnrt')
HEX = frozenset("0123456789abcdefABCDEF")
DIGITS = frozenset("0123456789")
FIRST_CHARACTER = re.compile(r"^[ \t\n\r]*([^ \t\n\r])")
END = "Unexpected end of JSON input"


class JsonSyntaxError(Exception):
    """V8's message for the first error of a text."""


def worded(rule: BadRequest, text: str, detail: str) -> str:
    """The message of a body that is not JSON, or not an object or array (which body-parser refuses
    before parsing): V8's where the rule says so, else ``detail``."""
    return (v8_message(text) or detail) if rule.wording == "v8" else detail


def refusal(rule: BadRequest, text: str) -> str | None:
    """V8's message for a body Python's decoder accepts inside an object or array but V8 refuses
    (``NaN``, ``Infinity``), where the rule says ``wording: v8``; only these words in the body lead
    to a scan of it."""
    if rule.wording == "v8" and ("NaN" in text or "Infinity" in text):
        return v8_message(text)
    return None


def v8_message(text: str) -> str | None:
    """The message body-parser and ``JSON.parse`` give ``text``; None when it is a JSON object or array."""
    units = _utf16(text)
    first = FIRST_CHARACTER.match(units)
    if first is not None and first.group(1) not in "{[":
        refused = _message(units[: first.start(1)] + "#") or ""
        return _text(refused.replace("#", first.group(1), 1))
    message = _message(units)
    return None if message is None else _text(message)


def _utf16(text: str) -> str:
    """One character per UTF-16 code unit, as JavaScript counts positions."""
    raw = text.encode("utf-16-le", "surrogatepass")
    return "".join(map(chr, struct.unpack(f"<{len(raw) // 2}H", raw)))


def _text(units: str) -> str:
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _message(units: str) -> str | None:
    try:
        _Scanner(units).document()
    except JsonSyntaxError as error:
        return str(error)
    return None


class _Scanner:
    def __init__(self, units: str) -> None:
        self.units, self.pos = units, 0

    def document(self) -> None:
        """Containers are tracked on a list, not the call stack: a deep nesting is valid JSON to V8."""
        closers: list[str] = []
        self.open_value(closers)
        while closers:
            closer = closers[-1]
            after = "property value" if closer == "}" else "array element"
            if self.expect("," + closer, f"Expected ',' or '{closer}' after {after}") == closer:
                closers.pop()
                continue
            if closer == "}":
                self.property("Expected double-quoted property name")
            self.open_value(closers)
        if self.skip() is not None:
            self.fail("Unexpected non-whitespace character after JSON", "")

    def skip(self) -> str | None:
        while self.pos < len(self.units) and self.units[self.pos] in BLANK:
            self.pos += 1
        return self.units[self.pos] if self.pos < len(self.units) else None

    def fail(self, message: str, where: str = " in JSON") -> None:
        raise JsonSyntaxError(f"{message}{where} at position {self.pos}")

    def expect(self, allowed: str, message: str) -> str:
        found = self.skip()
        if found is None or found not in allowed:
            self.fail(message)
        self.pos += 1
        return found or ""

    def unexpected(self) -> None:
        """The token where a value should start (or a literal goes wrong), shown in context."""
        if self.pos >= len(self.units):
            raise JsonSyntaxError(END)
        token, size = self.units[self.pos], len(self.units)
        if size < SHORT:
            raise JsonSyntaxError(f"Unexpected token '{token}', \"{self.units}\" is not valid JSON")
        before = "..." if self.pos >= CONTEXT else ""
        after = "..." if self.pos < size - CONTEXT else ""
        shown = self.units[max(self.pos - CONTEXT, 0) : self.pos + CONTEXT if after else size]
        raise JsonSyntaxError(f"Unexpected token '{token}', {before}\"{shown}\"{after} is not valid JSON")

    def open_value(self, closers: list[str]) -> None:
        """A scalar, or the opening of a container and its first property name (then its first value)."""
        while True:
            found = self.skip()
            if found not in ("{", "["):
                return self.scalar(found)
            self.pos += 1
            closer = "}" if found == "{" else "]"
            if self.skip() == closer:
                self.pos += 1
                return None
            if closer == "}":
                self.property("Expected property name or '}'")
            closers.append(closer)

    def property(self, message: str) -> None:
        self.expect('"', message)
        self.pos -= 1
        self.string()
        self.expect(":", "Expected ':' after property name")

    def scalar(self, found: str | None) -> None:
        if found == '"':
            self.string()
        elif found is not None and (found == "-" or found in DIGITS):
            self.number()
        elif found is not None and found in LITERALS:
            self.literal(LITERALS[found])
        else:
            self.unexpected()

    def string(self) -> None:
        self.pos += 1
        while self.pos < len(self.units):
            char = self.units[self.pos]
            if char == '"':
                self.pos += 1
                return
            if char < " ":
                self.fail("Bad control character in string literal")
            if char == "\\":
                self.escape()
            else:
                self.pos += 1
        self.fail("Unterminated string")

    def escape(self) -> None:
        self.pos += 1
        if self.pos >= len(self.units):
            raise JsonSyntaxError(END)
        if self.units[self.pos] == "u":
            for _ in range(4):
                self.pos += 1
                if self.pos >= len(self.units) or self.units[self.pos] not in HEX:
                    self.fail("Bad Unicode escape")
        elif self.units[self.pos] not in ESCAPES:
            self.fail("Bad escaped character")
        self.pos += 1

    def digits(self, message: str) -> None:
        if self.pos >= len(self.units) or self.units[self.pos] not in DIGITS:
            self.fail(message)
        while self.pos < len(self.units) and self.units[self.pos] in DIGITS:
            self.pos += 1

    def peek(self) -> str:
        return self.units[self.pos] if self.pos < len(self.units) else ""

    def number(self) -> None:
        if self.peek() == "-":
            self.pos += 1
            if not self.peek() or self.peek() not in DIGITS:
                self.fail("No number after minus sign")
        if self.peek() == "0":
            self.pos += 1
            if self.peek() and self.peek() in DIGITS:
                self.fail("Unexpected number")
        else:
            self.digits("No number after minus sign")
        if self.peek() == ".":
            self.pos += 1
            self.digits("Unterminated fractional number")
        if self.peek() and self.peek() in "eE":
            self.pos += 1
            if self.peek() and self.peek() in "+-":
                self.pos += 1
            self.digits("Exponent part is missing a number")

    def literal(self, word: str) -> None:
        for expected in word:
            if self.peek() != expected:
                self.unexpected()
            self.pos += 1
