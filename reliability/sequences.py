"""Hypothesis-drawn request sequences for the differential campaign (:mod:`reliability.differential`).

A sequence creates its own objects (a page under ``diff/<run>/<n>/``, users ``<run>-<n>-..@
conformance.invalid``, groups and API keys named ``<run>-<n>-...``), works on them with the
operations of every root field, reads global settings (never writes them), sends requests
graphql-js or Apollo refuse (unknown fields, wrongly typed variables, broken HTTP), and ends by
deleting what it created. Ids differ between two servers, so a step names the object it needs
(:class:`Ref`) and each server's own id is put in when the step is sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

MISSING_ID = 2_000_000_000
"""Sent for a reference the server never bound (its create failed): an id nothing has."""


@dataclass(frozen=True)
class Ref:
    """The id a server gave the object ``name`` (bound by an earlier step's ``bind``)."""

    name: str


@dataclass(frozen=True)
class Step:
    """One request. ``root`` is the root field it exercises (for the coverage figures)."""

    root: str
    op: str
    query: str = ""
    variables: dict[str, Any] = field(default_factory=dict)
    bind: tuple[str, tuple[str, ...]] | None = None
    """(name, path in ``data``): the id the answer gives the created object."""
    fresh_source: bool = False
    """Rate-limited per client address: sent from a loopback address not used recently."""
    raw: tuple[str, str, bytes] | None = None
    """(method, content type, body) of a request sent as is, for Apollo's own HTTP errors."""
    scoped: bool = False
    """The answer lists every object of a kind: only the sequence's own are compared."""

    def body(self, ids: dict[str, int]) -> bytes:
        if self.raw is not None:
            return self.raw[2]
        return json.dumps({"query": self.query, "variables": resolve(self.variables, ids)}).encode()


def resolve(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, Ref):
        return ids.get(value.name, MISSING_ID)
    if isinstance(value, dict):
        return {key: resolve(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, ids) for item in value]
    return value


ROOTS = (
    "pages",
    "users",
    "groups",
    "comments",
    "assets",
    "authentication",
    "system",
    "navigation",
    "site",
    "theming",
    "localization",
    "mail",
    "analytics",
    "logging",
    "rendering",
    "search",
    "storage",
    "contribute",
)

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=0, max_size=24)
WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
RESULT = "responseResult { succeeded errorCode slug message }"
PAGE_FIELDS = (
    "id path hash title description isPrivate isPublished privateNS publishStartDate publishEndDate"
    " tags { tag title } content render toc contentType createdAt updatedAt editor locale scriptCss scriptJs"
    " authorId authorName authorEmail creatorId creatorName creatorEmail"
)


@dataclass
class Names:
    """The sandbox of one sequence: every name it writes carries ``<run>-<n>``."""

    run: str
    number: int
    counter: int = 0

    @property
    def stem(self) -> str:
        return f"{self.run}-{self.number}"

    @property
    def folder(self) -> str:
        return f"diff/{self.run}/{self.number}"

    def next(self, kind: str) -> str:
        self.counter += 1
        return f"{kind}{self.counter}"


Draw = Callable[[st.SearchStrategy[Any]], Any]
Maker = Callable[[Draw, Names], list[Step]]


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
    return [Step("pages", "pages.create", query, variables, bind=(ref, ("pages", "create", "page", "id")))]


SHARED_PAGE = Ref("shared-page")
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
        query = (
            "query($id: Int!) { pages { history(id: $id) { total trail { versionId authorName actionType"
            " valueBefore valueAfter versionDate } } } }"
        )
        return [Step("pages", "pages.history", query, {"id": page})]
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
        return [Step("pages", "pages.version", query, {"id": page, "v": draw(st.integers(-1, 3))})]
    if which == "restore":
        query = "mutation($id: Int!, $v: Int!) { pages { restore(pageId: $id, versionId: $v) { " + RESULT + " } } }"
        return [Step("pages", "pages.restore", query, {"id": page, "v": draw(st.integers(-1, 3))})]
    query = (
        "query($id: Int!) { pages { conflictLatest(id: $id) { id path title description isPublished isPrivate"
        " tags locale content } } }"
    )
    return [Step("pages", "pages.conflictLatest", query, {"id": page})]


USER_FIELDS = (
    "id name email providerKey providerName isSystem isActive isVerified location jobTitle timezone"
    " dateFormat appearance groups { id name } tfaIsActive"
)


def users(draw: Draw, names: Names) -> list[Step]:
    ref = names.next("user")
    email = f"{names.stem}-{ref}@conformance.invalid"
    create = (
        "mutation($email: String!, $name: String!, $password: String, $must: Boolean) { users { create(email:"
        ' $email, name: $name, passwordRaw: $password, providerKey: "local", groups: [], mustChangePassword: $must,'
        " sendWelcomeEmail: false) { " + RESULT + " user { id } } } }"
    )
    steps = [
        Step(
            "users",
            "users.create",
            create,
            {
                "email": draw(st.sampled_from([email, email.upper(), "not-an-email"])),
                "name": draw(TEXT),
                "password": draw(st.sampled_from(["", "short", "long-enough-password-1"])),
                "must": draw(st.booleans()),
            },
            bind=(ref, ("users", "create", "user", "id")),
        )
    ]
    user = Ref(ref)
    follow = draw(
        st.lists(st.sampled_from(["single", "update", "activate", "deactivate", "verify", "tfa", "search"]), max_size=3)
    )
    for which in follow:
        if which == "single":
            steps.append(
                Step(
                    "users",
                    "users.single",
                    f"query($id: Int!) {{ users {{ single(id: $id) {{ {USER_FIELDS} }} }} }}",
                    {"id": user},
                )
            )
        elif which == "update":
            query = (
                "mutation($id: Int!, $name: String, $location: String) { users { update(id: $id, name: $name,"
                " location: $location) { " + RESULT + " } } }"
            )
            steps.append(Step("users", "users.update", query, {"id": user, "name": draw(TEXT), "location": draw(TEXT)}))
        elif which == "search":
            query = "query($q: String!) { users { search(query: $q) { id name email providerKey isSystem isActive } } }"
            steps.append(Step("users", "users.search", query, {"q": names.stem}))
        else:
            mutation = {"activate": "activate", "deactivate": "deactivate", "verify": "verify", "tfa": "disableTFA"}[
                which
            ]
            query = f"mutation($id: Int!) {{ users {{ {mutation}(id: $id) {{ {RESULT} }} }} }}"
            steps.append(Step("users", f"users.{mutation}", query, {"id": user}))
    return steps


GROUP_FIELDS = (
    "id name isSystem redirectOnLogin permissions pageRules { id deny match roles path locales }"
    " users { id name email }"
)


def groups(draw: Draw, names: Names) -> list[Step]:
    ref = names.next("group")
    create = "mutation($name: String!) { groups { create(name: $name) { " + RESULT + " group { id name isSystem } } } }"
    steps = [
        Step(
            "groups",
            "groups.create",
            create,
            {"name": f"{names.stem}-{ref}"},
            bind=(ref, ("groups", "create", "group", "id")),
        )
    ]
    group = Ref(ref)
    follow = draw(st.lists(st.sampled_from(["single", "update", "assign", "unassign", "list"]), max_size=3))
    for which in follow:
        if which == "single":
            steps.append(
                Step(
                    "groups",
                    "groups.single",
                    f"query($id: Int!) {{ groups {{ single(id: $id) {{ {GROUP_FIELDS} }} }} }}",
                    {"id": group},
                )
            )
        elif which == "update":
            query = (
                "mutation($id: Int!, $name: String!, $permissions: [String]!) { groups { update(id: $id, name: $name,"
                ' redirectOnLogin: "/", permissions: $permissions, pageRules: []) { ' + RESULT + " } } }"
            )
            permissions = draw(
                st.lists(
                    st.sampled_from(["read:pages", "write:pages", "read:comments", "manage:system"]),
                    max_size=3,
                    unique=True,
                )
            )
            steps.append(
                Step(
                    "groups",
                    "groups.update",
                    query,
                    {"id": group, "name": f"{names.stem}-{ref}-x", "permissions": permissions},
                )
            )
        elif which == "list":
            query = "query { groups { list { id name isSystem userCount } } }"
            steps.append(Step("groups", "groups.list", query, scoped=True))
        else:
            mutation = "assignUser" if which == "assign" else "unassignUser"
            query = (
                f"mutation($g: Int!, $u: Int!) {{ groups {{ {mutation}(groupId: $g, userId: $u) {{ {RESULT} }} }} }}"
            )
            steps.append(
                Step("groups", f"groups.{mutation}", query, {"g": group, "u": Ref("user1") if names.counter > 1 else 2})
            )
    return steps


def comments(draw: Draw, names: Names) -> list[Step]:
    ref = names.next("comment")
    create = (
        "mutation($page: Int!, $content: String!) { comments { create(pageId: $page, content: $content) { "
        + RESULT
        + " id } } }"
    )
    steps = [
        Step(
            "comments",
            "comments.create",
            create,
            {"page": SHARED_PAGE, "content": draw(TEXT)},
            bind=(ref, ("comments", "create", "id")),
            fresh_source=True,
        ),
        Step(
            "comments",
            "comments.single",
            "query($id: Int!) { comments { single(id: $id) { id content render authorName authorEmail } } }",
            {"id": Ref(ref)},
        ),
    ]
    if draw(st.booleans()):
        update = (
            "mutation($id: Int!, $content: String!) { comments { update(id: $id, content: $content) { "
            + RESULT
            + " render } } }"
        )
        steps.append(Step("comments", "comments.update", update, {"id": Ref(ref), "content": draw(TEXT)}))
    steps.append(
        Step(
            "comments",
            "comments.delete",
            "mutation($id: Int!) { comments { delete(id: $id) { " + RESULT + " } } }",
            {"id": Ref(ref)},
        )
    )
    steps.append(
        Step("comments", "comments.providers", "query { comments { providers { key title isEnabled isAvailable } } }")
    )
    return steps


def authentication(draw: Draw, names: Names) -> list[Step]:
    which = draw(st.sampled_from(["strategies", "active", "keys", "login", "forgot"]))
    if which == "strategies":
        return [
            Step(
                "authentication",
                "authentication.strategies",
                "query { authentication { strategies { key title description isAvailable useForm usernameType logo"
                " color website icon } } }",
            )
        ]
    if which == "active":
        query = (
            "query { authentication { activeStrategies { key displayName order isEnabled selfRegistration"
            " domainWhitelist autoEnrollGroups strategy { key title } } } }"
        )
        return [Step("authentication", "authentication.activeStrategies", query)]
    if which == "login":
        query = (
            "mutation($u: String!, $p: String!, $s: String!) { authentication { login(username: $u, password: $p,"
            " strategy: $s) { "
            + RESULT
            + " jwt mustChangePwd mustProvideTFA mustSetupTFA continuationToken redirect } } }"
        )
        variables = {
            "u": f"{names.stem}-nobody@conformance.invalid",
            "p": draw(TEXT),
            "s": draw(st.sampled_from(["local", "unknown"])),
        }
        return [Step("authentication", "authentication.login", query, variables, fresh_source=True)]
    if which == "forgot":
        query = "mutation($e: String!) { authentication { forgotPassword(email: $e) { " + RESULT + " } } }"
        return [
            Step(
                "authentication",
                "authentication.forgotPassword",
                query,
                {"e": f"{names.stem}-nobody@conformance.invalid"},
                fresh_source=True,
            )
        ]
    ref = names.next("key")
    create = (
        "mutation($name: String!, $exp: String!) { authentication { createApiKey(name: $name, expiration: $exp,"
        " fullAccess: true) { " + RESULT + " key } } }"
    )
    return [
        Step(
            "authentication",
            "authentication.createApiKey",
            create,
            {"name": f"{names.stem}-{ref}", "exp": draw(st.sampled_from(["1y", "30d", "bogus"]))},
        ),
        Step("authentication", "authentication.apiState", "query { authentication { apiState } }"),
    ]


GLOBAL_READS: tuple[tuple[str, str], ...] = (
    ("assets.folders", "query { assets { folders(parentFolderId: 0) { id slug name } } }"),
    ("assets.list", "query { assets { list(folderId: 0, kind: ALL) { id filename ext kind mime fileSize } } }"),
    ("system.flags", "query { system { flags { key value } } }"),
    (
        "system.info",
        "query { system { info { currentVersion dbType groupsTotal operatingSystem pagesTotal usersTotal"
        " tagsTotal } } }",
    ),
    ("system.extensions", "query { system { extensions { key title description isInstalled isCompatible } } }"),
    ("system.exportStatus", "query { system { exportStatus { status progress message startedAt } } }"),
    ("navigation.config", "query { navigation { config { mode } } }"),
    ("navigation.tree", "query { navigation { tree { locale items { kind label } } } }"),
    (
        "site.config",
        "query { site { config { title description robots company contentLicense logoUrl authAutoLogin"
        " authEnforce2FA authHideLocal featurePageRatings featurePageComments featurePersonalWikis"
        " uploadMaxFileSize uploadMaxFiles } } }",
    ),
    ("theming.themes", "query { theming { themes { key title author } } }"),
    (
        "theming.config",
        "query { theming { config { theme iconset darkMode tocPosition injectCSS injectHead injectBody } } }",
    ),
    ("localization.config", "query { localization { config { locale autoUpdate namespacing namespaces } } }"),
    ("localization.locales", "query { localization { locales { code name nativeName isRTL isInstalled } } }"),
    (
        "localization.translations",
        'query { localization { translations(locale: "en", namespace: "common") { key value } } }',
    ),
    (
        "mail.config",
        "query { mail { config { senderName senderEmail host port name secure verifySSL user useDKIM"
        " dkimDomainName dkimKeySelector } } }",
    ),
    ("analytics.providers", "query { analytics { providers { key title isEnabled isAvailable description } } }"),
    ("logging.loggers", "query { logging { loggers { key title isEnabled level description } } }"),
    (
        "rendering.renderers",
        "query { rendering { renderers { key title isEnabled dependsOn input output description } } }",
    ),
    ("search.searchEngines", "query { search { searchEngines { key title isEnabled isAvailable description } } }"),
    (
        "storage.targets",
        "query { storage { targets { key title isEnabled isAvailable mode syncInterval description } } }",
    ),
    ("storage.status", "query { storage { status { key title status message } } }"),
    ("contribute.contributors", "query { contribute { contributors { id source name } } }"),
)
"""Global settings and lists, read only: (operation, document)."""


def global_read(draw: Draw, names: Names) -> list[Step]:
    op, query = draw(st.sampled_from(GLOBAL_READS))
    return [Step(op.split(".")[0], op, query)]


def refused(draw: Draw, names: Names) -> list[Step]:
    """Documents graphql-js or Apollo refuse: their wording, quoting and codes are compared."""
    root = draw(st.sampled_from(ROOTS))
    which = draw(st.sampled_from(["field", "variable", "argument", "syntax", "http"]))
    if which == "field":
        name = draw(st.sampled_from(["nothing", "x", "pageList", "list2"]))
        return [Step(root, "refused.unknown_field", f"query {{ {root} {{ {name} }} }}")]
    if which == "variable":
        value = draw(st.sampled_from(["text", 1.5, True, None, [1], {"a": 1}, 2**40]))
        return [
            Step("pages", "refused.variable", "query($id: Int!) { pages { single(id: $id) { id } } }", {"id": value})
        ]
    if which == "argument":
        return [Step("pages", "refused.argument", "query { pages { single { id } } }")]
    if which == "syntax":
        return [Step(root, "refused.syntax", f"query {{ {root} {{ ")]
    body = draw(st.sampled_from([b"", b"{", b"[]", b'{"query": 1}', b'{"variables": {}}', b"query=1"]))
    content_type = draw(st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"]))
    method = draw(st.sampled_from(["POST", "GET"]))
    malformed = method == "POST" and content_type == "application/json" and body == b"{"
    op = "refused.malformed_json" if malformed else "refused.http"
    return [Step(root, op, raw=(method, content_type, body if method == "POST" else b""))]


MAKERS: tuple[Maker, ...] = (pages_read, pages_write, users, groups, comments, authentication, global_read, refused)


@dataclass(frozen=True)
class Plan:
    stem: str
    """What every name the sequence writes starts with."""
    folder: str
    """Where its own pages are."""
    steps: list[Step]


@st.composite
def sequences(draw: Draw, run: str, numbers: Iterator[int], max_steps: int = 6) -> Plan:
    """A global read (each in turn), then drawn operations; the runner appends the clean-up.
    ``numbers`` gives each drawn sequence a sandbox of its own."""
    names = Names(run, next(numbers))
    op, query = GLOBAL_READS[names.number % len(GLOBAL_READS)]  # drawn reads favour the first ones
    steps = [Step(op.split(".")[0], op, query)]
    for maker in draw(st.lists(st.sampled_from(MAKERS), min_size=1, max_size=max_steps)):
        steps += maker(draw, names)
    return Plan(names.stem, names.folder, steps)
