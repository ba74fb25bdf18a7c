"""The Wiki.js operations the crash and concurrency campaigns write and check with."""

from __future__ import annotations

from dataclasses import dataclass

from reliability.calls import CallError, call

CREATE = (
    "mutation($path: String!, $content: String!, $tags: [String]!) { pages { create(content: $content,"
    ' description: "", editor: "markdown", isPublished: true, isPrivate: false, locale: "en", path: $path,'
    ' tags: $tags, title: "reliability") { responseResult { succeeded message } page { id } } } }'
)
UPDATE = (
    "mutation($id: Int!, $content: String!, $tags: [String]) { pages { update(id: $id, content: $content,"
    " tags: $tags) { responseResult { succeeded message } } } }"
)
READ = "query($id: Int!) { pages { single(id: $id) { content tags { tag } } } }"
HISTORY = "query($id: Int!) { pages { history(id: $id, offsetSize: 100000) { trail { versionId } total } } }"
VERSION = "query($page: Int!, $version: Int!) { pages { version(pageId: $page, versionId: $version) { content } } }"
COMMENT_CREATE = (
    "mutation($page: Int!, $content: String!) { comments { create(pageId: $page, content: $content)"
    " { responseResult { succeeded message } id } } }"
)
COMMENT_UPDATE = (
    "mutation($id: Int!, $content: String!) { comments { update(id: $id, content: $content)"
    " { responseResult { succeeded message } } } }"
)
COMMENT_LIST = 'query($path: String!) { comments { list(locale: "en", path: $path) { id content } } }'


@dataclass(frozen=True)
class PageState:
    content: str
    tags: frozenset[str]


def _succeeded(result: dict[str, object]) -> None:
    response = result["responseResult"]
    assert isinstance(response, dict)
    if not response["succeeded"]:
        raise CallError(str(response["message"]))


def create(url: str, token: str | None, path: str, state: PageState) -> int:
    variables = {"path": path, "content": state.content, "tags": sorted(state.tags)}
    result = call(url, token, CREATE, variables)["pages"]["create"]
    _succeeded(result)
    return int(result["page"]["id"])


def update(url: str, token: str | None, page_id: int, state: PageState) -> None:
    variables = {"id": page_id, "content": state.content, "tags": sorted(state.tags)}
    _succeeded(call(url, token, UPDATE, variables)["pages"]["update"])


def read(url: str, token: str | None, page_id: int) -> PageState | None:
    page = call(url, token, READ, {"id": page_id})["pages"]["single"]
    if page is None:
        return None
    return PageState(page["content"], frozenset(tag["tag"] for tag in page["tags"]))


def contents_in_order(url: str, token: str | None, page_id: int) -> list[str]:
    """The page's contents as the server ordered them: each history version (the page before an
    action), oldest first, then the current content."""
    history = call(url, token, HISTORY, {"id": page_id})["pages"]["history"]
    versions = sorted(entry["versionId"] for entry in history["trail"])
    contents = [
        call(url, token, VERSION, {"page": page_id, "version": version})["pages"]["version"]["content"]
        for version in versions
    ]
    current = read(url, token, page_id)
    return [*contents, current.content] if current else contents


def create_comment(url: str, token: str | None, page_id: int, content: str, source: str) -> int:
    """``comments.create`` is rate-limited per client address: each comment comes from ``source``."""
    result = call(url, token, COMMENT_CREATE, {"page": page_id, "content": content}, source=source)
    created = result["comments"]["create"]
    _succeeded(created)
    return int(created["id"])


def update_comment(url: str, token: str | None, comment_id: int, content: str) -> None:
    _succeeded(call(url, token, COMMENT_UPDATE, {"id": comment_id, "content": content})["comments"]["update"])


def comments(url: str, token: str | None, path: str) -> dict[int, str]:
    """The page's comments: id -> content."""
    listed = call(url, token, COMMENT_LIST, {"path": path})["comments"]["list"]
    return {int(comment["id"]): str(comment["content"]) for comment in listed}
