"""Steps of the differential sequences that write nothing: reads of global settings and lists, and
requests graphql-js or Apollo refuse (unknown fields, wrongly typed variables, broken HTTP), whose
wording, quoting and codes are compared."""

from __future__ import annotations

from hypothesis import strategies as st

from reliability.sequence_steps import ROOTS, Draw, Names, Step

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
