"""Driver of ``wikijs-client`` (import ``wikijs_client``, class ``WikiJsClient``): path-based
calls that look pages up through ``pages.list``/``pages.search`` and read them by id."""

from __future__ import annotations

from wikijs_client import WikiJsClient  # type: ignore[import-not-found]

from clients.drivers.scenario import (
    CONTENT,
    DESCRIPTION,
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
    wiki = WikiJsClient(url=run.url, token=run.key)
    run.step("version", lambda: wiki.get_version().current)
    created = run.step(
        "create",
        lambda: wiki.create_page(path=run.path, title=TITLE, content=CONTENT, description=DESCRIPTION, tags=TAGS),
    )
    page = run.step("read_by_path", lambda: wiki.get_page_by_path(run.path))
    run.step("list", lambda: listed(wiki.list_pages(), run.path))
    run.step("search", lambda: listed(wiki.search_pages(query=SEARCH_WORD), run.path))
    if created is not None and page is not None:
        run.step(
            "update",
            lambda: wiki.update_page(
                page_id=page.id, path=run.path, title=UPDATED_TITLE, content=UPDATED_CONTENT, description=DESCRIPTION,
                tags=TAGS,
            ),
        )  # fmt: skip
    run.step("read_updated", lambda: wiki.get_page_by_path(run.path))
    run.step("delete", lambda: wiki.delete_page_by_path(run.path))
    run.step("read_deleted", lambda: wiki.get_page_by_path(run.path))
    run.done()


if __name__ == "__main__":
    main()
