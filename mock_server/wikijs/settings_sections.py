"""Configuration namespaces that are one settings object each: site, theming, navigation and
localization. A new wiki reads the 2.5 defaults (``data.yml``); a mutation merges what it
is given into the stored object and answers a ResponseStatus. Locales come from the locales
table; the mock ships no translation strings, so ``translations`` of a known locale is
empty. A locale the wiki does not have is 5002 (``translations``, ``updateLocale``,
``downloadLocale``). The 2.5.314 server never throws 5002: where the rule says so,
``translations`` of such a locale answers the rule's plain error (no code) instead, as that server
does; ``updateLocale`` and ``downloadLocale`` keep the mock's 5002.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graphql import GraphQLSchema

from mock_server.http.resolvers import bind
from mock_server.wikijs.accounts import AccountStore
from mock_server.wikijs.errors import ErrorTable, ResponseStatuses, WikiError
from mock_server.wikijs.resolvers import Info

SITE: Mapping[str, Any] = {
    "host": "http://localhost", "title": "Wiki.js", "description": "", "robots": ["index", "follow"],
    "analyticsService": "", "analyticsId": "", "company": "", "contentLicense": "", "footerOverride": "",
    "logoUrl": "https://static.requarks.io/logo/wikijs-butterfly.svg", "pageExtensions": "md, html, txt",
    "authAutoLogin": False, "authEnforce2FA": False, "authHideLocal": False, "authLoginBgUrl": "",
    "authJwtAudience": "urn:wiki.js", "authJwtExpiration": "30m", "authJwtRenewablePeriod": "14d",
    "editFab": True, "editMenuBar": False, "editMenuBtn": True, "editMenuExternalBtn": True,
    "editMenuExternalName": "GitHub", "editMenuExternalIcon": "mdi-github",
    "editMenuExternalUrl": "https://github.com/org/repo/blob/main/{filename}", "featurePageRatings": True,
    "featurePageComments": True, "featurePersonalWikis": True, "securityOpenRedirect": True,
    "securityIframe": True, "securityReferrerPolicy": True, "securityTrustProxy": True, "securitySRI": True,
    "securityHSTS": False, "securityHSTSDuration": 300, "securityCSP": False, "securityCSPDirectives": "",
    "uploadMaxFileSize": 5242880, "uploadMaxFiles": 10, "uploadScanSVG": True, "uploadForceDownload": True,
}  # fmt: skip
THEMING: Mapping[str, Any] = {"theme": "default", "iconset": "mdi", "darkMode": False, "tocPosition": "left",
                              "injectCSS": "", "injectHead": "", "injectBody": ""}  # fmt: skip
THEMES = [{"key": "default", "title": "Default", "author": "requarks.io"}]
HOME_LINK = {"id": "9d2c3a8e-6f0b-4c51-9a57-0d6c1e4b7f21", "icon": "mdi-home", "kind": "link", "label": "Home",
             "target": "/", "targetType": "home", "visibilityMode": "all", "visibilityGroups": None}  # fmt: skip
NAVIGATION: Mapping[str, Any] = {"mode": "MIXED", "tree": [{"locale": "en", "items": [HOME_LINK]}]}
"""What a new wiki's navigation is, as the real setup writes it: mixed mode, a link to the home page."""
LOCALIZATION: Mapping[str, Any] = {"locale": "en", "autoUpdate": True, "namespacing": False, "namespaces": []}
INVALID_LOCALE = "wikijs.errors.5002"


class Section:
    """One settings object: defaults overlaid with what was stored."""

    def __init__(self, accounts: AccountStore, key: str, defaults: Mapping[str, Any]) -> None:
        self._accounts, self._key, self._defaults = accounts, key, defaults

    def read(self) -> dict[str, Any]:
        return {**self._defaults, **(self._accounts.setting(self._key) or {})}

    def merge(self, changes: Mapping[str, Any]) -> None:
        """Arguments left out (None) keep their value."""
        kept = {key: value for key, value in changes.items() if value is not None and key in self._defaults}
        self._accounts.set_setting(self._key, {**self.read(), **kept})


def navigation_tree(*, tree: list[dict[str, Any] | None]) -> dict[str, Any]:
    """The navigation tree as stored: the nulls a list argument may hold left out."""
    return {"tree": [{**t, "items": [i for i in t["items"] if i is not None]} for t in tree if t is not None]}


class Locales:
    """The installed locales: what updateLocale, downloadLocale and translations check."""

    def __init__(
        self, db_locales: Callable[[], list[dict[str, Any]]], statuses: ResponseStatuses, errors: ErrorTable
    ) -> None:
        self._db_locales, self._statuses, self._errors = db_locales, statuses, errors

    def known(self, locale: str) -> None:
        if locale not in {entry["code"] for entry in self._db_locales()}:
            raise self._errors.error(INVALID_LOCALE)

    def download(self, _: object, __: Info, *, locale: str) -> dict[str, Any]:
        """The mock has its locales already; one it does not know cannot be fetched (offline)."""
        try:
            self.known(locale)
        except WikiError as error:
            return {"responseResult": self._statuses.failure(error)}
        return {"responseResult": self._statuses.success("localization.downloadLocale")}

    def translations(self, _: object, __: Info, *, locale: str, namespace: str) -> list[dict[str, str]]:
        """The mock holds no strings: a real wiki downloads them from graph.requarks.io (a new one has
        English installed with none). The docs reading answers an installed locale's empty list and
        5002 for another; 2.5.314 checks for strings, so every namespace is one it does not have."""
        substitute = self._errors.substitute(INVALID_LOCALE)
        if self._errors.emitted(INVALID_LOCALE):
            self.known(locale)
        elif substitute is not None:
            raise substitute
        return []


def bind_settings_sections(
    schema: GraphQLSchema, accounts: AccountStore, db_locales: Callable[[], list[dict[str, Any]]],
    statuses: ResponseStatuses, errors: ErrorTable,
) -> None:  # fmt: skip
    site = Section(accounts, "site", SITE)
    theming = Section(accounts, "theming", THEMING)
    navigation = Section(accounts, "navigation", NAVIGATION)
    localization = Section(accounts, "localization", LOCALIZATION)

    def saving(operation: str, section: Section, shape: Callable[..., Mapping[str, Any]] = dict) -> Callable[..., Any]:
        def resolve(_: object, __: Info, **args: Any) -> dict[str, Any]:
            try:
                section.merge(shape(**args))
            except WikiError as error:
                return {"responseResult": statuses.failure(error)}
            return {"responseResult": statuses.success(operation)}

        return resolve

    locales = Locales(db_locales, statuses, errors)

    def locale_settings(*, locale: str, **args: Any) -> dict[str, Any]:
        locales.known(locale)
        return {"locale": locale, **args, "namespaces": [n for n in args["namespaces"] if n is not None]}

    bind(schema, "SiteQuery", "config", lambda *_: site.read())
    bind(schema, "SiteMutation", "updateConfig", saving("site.updateConfig", site))
    bind(schema, "ThemingQuery", "themes", lambda *_: THEMES)
    bind(schema, "ThemingQuery", "config", lambda *_: theming.read())
    bind(schema, "ThemingMutation", "setConfig", saving("theming.setConfig", theming))
    bind(schema, "NavigationQuery", "config", lambda *_: {"mode": navigation.read()["mode"]})
    bind(schema, "NavigationQuery", "tree", lambda *_: navigation.read()["tree"])
    bind(schema, "NavigationMutation", "updateConfig", saving("navigation.updateConfig", navigation))
    bind(schema, "NavigationMutation", "updateTree", saving("navigation.updateTree", navigation, navigation_tree))
    bind(schema, "LocalizationQuery", "locales", lambda *_: db_locales())
    bind(schema, "LocalizationQuery", "config", lambda *_: localization.read())
    bind(schema, "LocalizationQuery", "translations", locales.translations)
    bind(schema, "LocalizationMutation", "updateLocale", saving("localization.updateLocale", localization,
                                                                locale_settings))  # fmt: skip
    bind(schema, "LocalizationMutation", "downloadLocale", locales.download)
