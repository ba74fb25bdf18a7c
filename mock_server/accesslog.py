"""One access-log line per request on stderr, with credentials never printed.

Only the method, the path, a short redacted query string, status, size and duration are
logged. Headers are never logged, so the Authorization header cannot appear; query
parameters that look like credentials (``token``, ``key``...) have their values replaced.

Access lines are the one log written per request, so they avoid the cost of the logging
machinery where it matters: with a :class:`BatchingStreamHandler` installed (the CLI does)
a line is formatted directly and written together with its neighbours, at most
:data:`FLUSH_INTERVAL_S` later, instead of one system call per request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TextIO
from urllib.parse import parse_qsl, urlencode

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

ACCESS_LOGGER = "mock_server.access"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
"""The layout of every log line; the access fast path writes the same layout."""
MAX_PATH_CHARS = 200
MAX_QUERY_CHARS = 120
REDACTED = "***"
SECRET_MARKERS = ("token", "key", "secret", "password", "authorization")
ELLIPSIS = "..."
FLUSH_INTERVAL_S = 0.1
MAX_BUFFERED_LINES = 512


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + ELLIPSIS


def redact_query(raw_query: str) -> str:
    """The query string with credential-like values replaced, shortened for the log."""
    pairs = parse_qsl(raw_query, keep_blank_values=True, errors="replace")
    safe = [
        (name, REDACTED if any(marker in name.lower() for marker in SECRET_MARKERS) else value) for name, value in pairs
    ]
    return _truncate(urlencode(safe, safe="*"), MAX_QUERY_CHARS)


def describe_target(request: BaseRequest) -> str:
    target = _truncate(request.rel_url.raw_path, MAX_PATH_CHARS)
    raw_query = request.rel_url.raw_query_string
    return f"{target}?{redact_query(raw_query)}" if raw_query else target


class _Clock:
    """``logging``'s default ``asctime`` ("2026-11-22 16:21:00,429"), formatted once a millisecond
    (a busy mock logs several lines in one) and its date and time once a second."""

    second = -1
    prefix = ""
    millisecond = -1
    stamp = ""

    @classmethod
    def now(cls) -> str:
        millisecond = int(time.time() * 1000)
        if millisecond != cls.millisecond:
            second = millisecond // 1000
            if second != cls.second:
                cls.second, cls.prefix = second, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
            cls.millisecond, cls.stamp = millisecond, f"{cls.prefix},{millisecond % 1000:03d}"
        return cls.stamp


class BatchingStreamHandler(logging.StreamHandler[TextIO]):
    """Writes lines together, soon after the first one of a batch.

    Outside an event loop (start-up, shutdown) a line is written at once, and
    :func:`logging.shutdown` flushes what is left when the process exits.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self._lines: list[str] = []
        self._flush_scheduled = False

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:
            self.handleError(record)
            return
        self.add_line(line)

    def add_line(self, line: str) -> None:
        self._lines.append(line)
        if len(self._lines) >= MAX_BUFFERED_LINES:
            self.flush()
        elif not self._flush_scheduled:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                self.flush()
                return
            self._flush_scheduled = True
            loop.call_later(FLUSH_INTERVAL_S, self.flush)

    def flush(self) -> None:
        self.acquire()
        try:
            self._flush_scheduled = False
            if self._lines:
                text = "\n".join(self._lines) + "\n"
                self._lines.clear()
                self.stream.write(text)
            super().flush()
        finally:
            self.release()


class AccessLog(AbstractAccessLogger):
    """``GET /graphql?query=... 200 123B 0.8ms``"""

    def __init__(self, logger: logging.Logger, log_format: str) -> None:
        super().__init__(logger, log_format)
        self._batch = next((h for h in logger.handlers if isinstance(h, BatchingStreamHandler)), None)

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        size = response.content_length
        if size is None:
            size = response.body_length
        message = f"{request.method} {describe_target(request)} {response.status} {size}B {time * 1000:.1f}ms"
        if self._batch is None:
            self.logger.info(message)
        else:
            self._batch.add_line(f"{_Clock.now()} INFO {ACCESS_LOGGER}: {message}")

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)


def install_batching_handler(stream: TextIO) -> None:
    """Send access lines to ``stream`` through a :class:`BatchingStreamHandler` only."""
    handler = BatchingStreamHandler(stream)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    access = logging.getLogger(ACCESS_LOGGER)
    access.addHandler(handler)
    access.propagate = False
