"""Page steps of the differential sequences: reads and writes of the run's shared page (page writes
on the real server run a tree rebuild of seconds, so few sequences create pages of their own), and
now and then a page of the sequence's own, created, moved or rendered."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from reliability.sequence_steps import EVERY, MISSING_ID, RESULT, TEXT, WORD, Draw, Names, Ref, Step

PAGE_FIELDS = (
    "id path hash title description isPrivate isPublished privateNS publishStartDate publishEndDate"
    " tags { tag title } content render toc contentType createdAt updatedAt editor locale scriptCss scriptJs"
    " authorId authorName authorEmail creatorId creatorName creatorEmail"
)


def shared_page(run: str) -> Step:
    """Created once per run, before the sequences; deleted after them."""
    query = (
        'mutation($path: String!, $tags: [String]!) { pages { create(path: $path, title: "shared",'
        ' content: "# shared", description: "", tags: $tags, isPublished: true, isPrivate: false,'
        ' editor: "markdown", locale: "en") { ' + RESULT + " page { id } } } }"
    )
    return Step(
        "pages",
        "pages.create",
        query,
        {"path": f"diff/{run}/shared", "tags": [run]},
        bind=(SHARED_PAGE.name, ("pages", "create", "page", "id")),
    )


def page_create(draw: Draw, names: Names) -> list[Step]:
    """A page of the sequence's own, every field of the answer selected, then its id by path."""
    ref = names.next("page")
    variables = {
        "path": f"{names.folder}/{draw(WORD)}-{ref}",
        "title": draw(TEXT),
        "content": draw(TEXT),
        "description": draw(TEXT),
        "tags": [names.stem, *draw(st.lists(WORD, max_size=2))],
        "isPublished": draw(st.booleans()),
        "editor": draw(st.sampled_from(["markdown", "code", "ckeditor"])),
    }
    query = (
        "mutation($path: String!, $title: String!, $content: String!, $description: String!,"
        " $tags: [String]!, $isPublished: Boolean!, $editor: String!) { pages { create(path: $path,"
        " title: $title, content: $content, description: $description, tags: $tags, isPublished:"
        ' $isPublished, isPrivate: false, editor: $editor, locale: "en") { '
        + RESULT
        + " page { "
        + PAGE_FIELDS
        + " } } } }"
    )
    lookup = 'query($path: String!) { pages { singleByPath(path: $path, locale: "en") { id } } }'
    return [
        Step("pages", "pages.create", query, variables),
        Step("pages", "pages.singleByPath", lookup, {"path": variables["path"]}, bind=(ref, BY_PATH_ID)),
    ]


BY_PATH_ID = ("pages", "singleByPath", "id")
"""Where a new page's id is read: 2.5.314 answers create's full page as null (its editor and locale
fail as non-null, see wikijs.schema.served), so the id comes from a read by the page's path."""


SHARED_PAGE = Ref("shared-page")
OLDEST_VERSION: tuple[str | int, ...] = ("pages", "history", "trail", EVERY, "versionId")
"""Where a full history answer names the page's oldest version: the first made of its trail, not
the trail's last entry, whose place among versions of one date is not fixed on the real server."""
WHOLE_TRAIL = 100_000
"""A history page size above any trail's length: the default page of 100 would cut the trail
inside a run of same-dated versions, in no fixed order on the real server."""


def version_of(page: Ref) -> str:
    return f"{page.name}-version"


def versions(page: Ref) -> st.SearchStrategy[Any]:
    """A version of the page as each server numbered it (learned from its history answer), or ids
    no version has. Literal small ids would name another page's version on one server and this
    page's on a new wiki whose numbering starts where the mock's seed pages already are."""
    return st.sampled_from([Ref(version_of(page)), -1, 0, MISSING_ID])


"""The run's page every sequence reads and updates (:func:`shared_page`): a page write on the real
server runs its tree rebuild (seconds), so pages are created and deleted in few sequences."""
LIFECYCLE_SHARE = 40
"""One sequence in about this many creates, moves, renders and deletes a page of its own."""


def pages_read(draw: Draw, names: Names) -> list[Step]:
    page = SHARED_PAGE
    which = draw(st.sampled_from(["single", "history", "list", "tags", "search", "singleByPath", "tree"]))
    if which == "single":
        return [
            Step(
                "pages",
                "pages.single",
                f"query($id: Int!) {{ pages {{ single(id: $id) {{ {PAGE_FIELDS} }} }} }}",
                {"id": page},
            )
        ]
    if which == "history":
        trail = "total trail { versionId authorName actionType valueBefore valueAfter versionDate }"
        if draw(st.booleans()):  # the default page of the trail, compared but not bound
            return [
                Step(
                    "pages",
                    "pages.history",
                    f"query($id: Int!) {{ pages {{ history(id: $id) {{ {trail} }} }} }}",
                    {"id": page},
                )
            ]
        query = f"query($id: Int!, $size: Int) {{ pages {{ history(id: $id, offsetSize: $size) {{ {trail} }} }} }}"
        variables = {"id": page, "size": WHOLE_TRAIL}
        return [Step("pages", "pages.history", query, variables, bind=(version_of(page), OLDEST_VERSION))]
    if which == "list":
        query = (
            "query($tags: [String!]) { pages { list(tags: $tags, orderBy: TITLE) { id path locale title"
            " description contentType isPublished isPrivate privateNS tags createdAt updatedAt } } }"
        )
        return [Step("pages", "pages.list", query, {"tags": [names.stem]})]
    if which == "tags":
        return [
            Step(
                "pages", "pages.searchTags", "query($q: String!) { pages { searchTags(query: $q) } }", {"q": names.stem}
            )
        ]
    if which == "search":
        query = "query($q: String!) { pages { search(query: $q) { results { id title path locale } totalHits } } }"
        return [Step("pages", "pages.search", query, {"q": names.stem})]
    if which == "tree":
        query = (
            'query($path: String!) { pages { tree(path: $path, mode: ALL, locale: "en") { id path depth title'
            " isPrivate isFolder parent pageId locale } } }"
        )
        return [Step("pages", "pages.tree", query, {"path": names.folder})]
    query = f'query($path: String!) {{ pages {{ singleByPath(path: $path, locale: "en") {{ {PAGE_FIELDS} }} }} }}'
    return [
        Step(
            "pages",
            "pages.singleByPath",
            query,
            {"path": draw(st.sampled_from([names.folder, f"{names.folder}/none"]))},
        )
    ]


def pages_lifecycle(draw: Draw, names: Names) -> list[Step]:
    """A page of the sequence's own: created, then moved or rendered (the clean-up deletes it)."""
    steps = page_create(draw, names)
    page = Ref(f"page{names.counter}")
    if draw(st.booleans()):
        query = (
            'mutation($id: Int!, $to: String!) { pages { move(id: $id, destinationPath: $to, destinationLocale: "en")'
            " { " + RESULT + " } } }"
        )
        steps.append(Step("pages", "pages.move", query, {"id": page, "to": f"{names.folder}/{draw(WORD)}"}))
    else:
        query = "mutation($id: Int!) { pages { render(id: $id) { " + RESULT + " } } }"
        steps.append(Step("pages", "pages.render", query, {"id": page}))
    return steps


def pages_write(draw: Draw, names: Names) -> list[Step]:
    if draw(st.integers(1, LIFECYCLE_SHARE)) == 1:
        return pages_lifecycle(draw, names)
    page = SHARED_PAGE
    which = draw(st.sampled_from(["update", "version", "restore", "conflicts"]))
    if which == "update":
        variables = {"id": page, "content": draw(TEXT), "title": draw(st.none() | TEXT), "tags": [names.stem]}
        query = (
            "mutation($id: Int!, $content: String, $title: String, $tags: [String]) { pages { update(id: $id,"
            " content: $content, title: $title, tags: $tags) { " + RESULT + " page { " + PAGE_FIELDS + " } } } }"
        )
        return [Step("pages", "pages.update", query, variables)]
    if which == "version":
        query = (
            "query($id: Int!, $v: Int!) { pages { version(pageId: $id, versionId: $v) { action authorName"
            " content title path tags versionId } } }"
        )
        return [Step("pages", "pages.version", query, {"id": page, "v": draw(versions(page))})]
    if which == "restore":
        query = "mutation($id: Int!, $v: Int!) { pages { restore(pageId: $id, versionId: $v) { " + RESULT + " } } }"
        return [Step("pages", "pages.restore", query, {"id": page, "v": draw(versions(page))})]
    query = (
        "query($id: Int!) { pages { conflictLatest(id: $id) { id path title description isPublished isPrivate"
        " tags locale content } } }"
    )
    return [Step("pages", "pages.conflictLatest", query, {"id": page})]
