"""Driver of ``wikijs-pyclient`` (import ``wikijs``, class ``WikiJS``): it selects every field of
the types it models and reads ``errors[0].extensions.code`` of every error."""

from __future__ import annotations

from typing import Any

from wikijs import WikiJS  # type: ignore[import-not-found]

from clients.drivers.scenario import (
    CONTENT,
    DESCRIPTION,
    LOCALE,
    SEARCH_WORD,
    TAGS,
    TITLE,
    UPDATED_CONTENT,
    UPDATED_TITLE,
    Scenario,
    listed,
)


def main() -> None:
    run = Scenario()
    wiki = WikiJS(run.url.removesuffix("/graphql"), run.key)

    def json_of(response: Any) -> Any:
        return response.json()

    created = run.step(
        "create",
        lambda: json_of(
            wiki.create_page(
                content=CONTENT, description=DESCRIPTION, editor="markdown", isPublished=True, isPrivate=False,
                locale=LOCALE, path=run.path, tags=TAGS, title=TITLE,
            )
        ),
    )  # fmt: skip
    page_id = int(created["page"]["id"]) if created else 0
    run.step("read_by_id", lambda: json_of(wiki.get_page(id=page_id)))
    run.step("read_by_path", lambda: json_of(wiki.get_page_by_path(path=run.path, locale=LOCALE)))
    run.step("list", lambda: listed(json_of(wiki.list_pages()), run.path))
    run.step("search", lambda: listed(json_of(wiki.get_pages(query=SEARCH_WORD))["results"], run.path))
    # tags given: left out, update_page sends the page's tag objects where strings belong
    changes = {"title": UPDATED_TITLE, "content": UPDATED_CONTENT, "tags": TAGS}
    run.step("update", lambda: json_of(wiki.update_page(id=page_id, **changes)))
    run.step("read_updated", lambda: json_of(wiki.get_page(id=page_id)))
    history = run.step("history", lambda: json_of(wiki.get_page_history(id=page_id)))
    trail = history["trail"] if history else []
    if trail:
        version = int(trail[0]["versionId"])
        run.step("version", lambda: json_of(wiki.get_page_version(pageId=page_id, versionId=version)))
    run.step("delete", lambda: json_of(wiki.delete_page(id=page_id)))
    run.step("read_deleted", lambda: json_of(wiki.get_page(id=page_id)))
    run.done()


if __name__ == "__main__":
    main()
