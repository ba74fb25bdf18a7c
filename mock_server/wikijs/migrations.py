"""The database schema, one step per version, and what a new wiki is seeded with.

Step 1 is the pages-only schema of the first mock (data directories made by it keep their
pages); step 2 adds accounts, groups with their permissions and page rules, page history,
API keys, settings and locales; step 3 adds the rendered HTML of the pages; step 4 adds
comments and the comment providers; step 5 asset folders and assets; step 6 the users'
continuation tokens and TFA secrets; step 7 the authentication strategy instances. Seeding happens
inside the step that creates the tables, so a wiki is seeded exactly once and never half-way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mock_server.wikijs.asset_store import create_asset_tables
from mock_server.wikijs.database import Database, Migration, run_script
from mock_server.wikijs.rendering import MARKDOWN, render, render_page
from mock_server.wikijs.store import PageRecord, insert_page, store_render
from specs.model import PermissionModel

PAGES_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
  id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, locale TEXT NOT NULL, title TEXT NOT NULL,
  description TEXT NOT NULL, content TEXT NOT NULL, editor TEXT NOT NULL, isPublished INTEGER NOT NULL,
  isPrivate INTEGER NOT NULL, publishStartDate TEXT NOT NULL, publishEndDate TEXT NOT NULL, scriptCss TEXT,
  scriptJs TEXT, tags TEXT NOT NULL, authorId INTEGER NOT NULL, creatorId INTEGER NOT NULL,
  createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL, UNIQUE (locale, path)
);
CREATE TABLE IF NOT EXISTS tags (
  id INTEGER PRIMARY KEY AUTOINCREMENT, tag TEXT NOT NULL UNIQUE, title TEXT,
  createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL
)
"""

ACCOUNTS_SCHEMA = """
CREATE TABLE groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, isSystem INTEGER NOT NULL,
  redirectOnLogin TEXT NOT NULL, permissions TEXT NOT NULL, pageRules TEXT NOT NULL,
  createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL, name TEXT NOT NULL, providerKey TEXT NOT NULL,
  passwordHash TEXT, isSystem INTEGER NOT NULL, isActive INTEGER NOT NULL, isVerified INTEGER NOT NULL,
  mustChangePwd INTEGER NOT NULL, tfaIsActive INTEGER NOT NULL, location TEXT NOT NULL, jobTitle TEXT NOT NULL,
  timezone TEXT NOT NULL, dateFormat TEXT NOT NULL, appearance TEXT NOT NULL,
  createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL, lastLoginAt TEXT, UNIQUE (email, providerKey)
);
CREATE TABLE user_groups (
  userId INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  groupId INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  PRIMARY KEY (userId, groupId)
);
CREATE TABLE page_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT, pageId INTEGER NOT NULL, action TEXT NOT NULL, path TEXT NOT NULL,
  locale TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL, content TEXT NOT NULL,
  editor TEXT NOT NULL, isPublished INTEGER NOT NULL, isPrivate INTEGER NOT NULL, authorId INTEGER NOT NULL,
  publishStartDate TEXT NOT NULL, publishEndDate TEXT NOT NULL, createdAt TEXT NOT NULL, versionDate TEXT NOT NULL
);
CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, key TEXT NOT NULL, expiration TEXT NOT NULL,
  isRevoked INTEGER NOT NULL, groupId INTEGER, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE locales (
  code TEXT PRIMARY KEY, name TEXT NOT NULL, nativeName TEXT NOT NULL, isRTL INTEGER NOT NULL,
  availability INTEGER NOT NULL, installDate TEXT NOT NULL, updatedAt TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Account:
    """A seeded user: its id, login and groups (``password_hash`` None = cannot log in)."""

    id: int
    email: str
    name: str
    password_hash: str | None
    groups: tuple[int, ...]


@dataclass(frozen=True)
class Locale:
    code: str
    name: str
    nativeName: str


@dataclass(frozen=True)
class Seed:
    """Everything a new wiki starts with."""

    permissions: PermissionModel
    accounts: Sequence[Account]
    pages: Sequence[PageRecord]
    history: Callable[[PageRecord], Sequence[tuple[str, str, str]]]
    """For a sample page: earlier versions as (action, content, versionDate)."""
    locales: Sequence[Locale]
    settings: dict[str, str]
    now: str
    comments: Sequence[tuple[str, str]] = ()
    """Sample comments: (page path, markdown)."""


def _seed_pages(seed: Seed) -> Migration:
    def step(db: Database) -> None:
        run_script(db, PAGES_SCHEMA)
        for page in seed.pages:
            insert_page(db, page)

    return step


def _seed_accounts(seed: Seed) -> Migration:
    def step(db: Database) -> None:
        run_script(db, ACCOUNTS_SCHEMA)
        now = seed.now
        for group in seed.permissions.system_groups:
            db.execute(
                "INSERT INTO groups VALUES (?, ?, ?, '/', ?, ?, ?, ?)",
                (group["id"], group["name"], group["isSystem"], json.dumps(list(group["permissions"])),
                 json.dumps([dict(rule) for rule in group["pageRules"]]), now, now),
            )  # fmt: skip
        for account in seed.accounts:
            db.execute(
                "INSERT INTO users VALUES (?, ?, ?, 'local', ?, 1, 1, 1, 0, 0, '', '', 'America/New_York', '', '',"
                " ?, ?, NULL)",
                (account.id, account.email, account.name, account.password_hash, now, now),
            )
            db.executemany("INSERT INTO user_groups VALUES (?, ?)", [(account.id, g) for g in account.groups])
        for page in db.execute("SELECT * FROM pages").fetchall():
            for action, content, when in seed.history(PageRecord.from_row(page)):
                db.execute(
                    "INSERT INTO page_history (pageId, action, path, locale, title, description, content, editor,"
                    " isPublished, isPrivate, authorId, publishStartDate, publishEndDate, createdAt, versionDate)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (page["id"], action, page["path"], page["locale"], page["title"], page["description"], content,
                     page["editor"], page["isPublished"], page["isPrivate"], page["authorId"],
                     page["publishStartDate"], page["publishEndDate"], page["createdAt"], when),
                )  # fmt: skip
        db.executemany("INSERT INTO settings VALUES (?, ?)", sorted(seed.settings.items()))
        db.executemany(
            "INSERT INTO locales VALUES (?, ?, ?, 0, 100, ?, ?)",
            [(locale.code, locale.name, locale.nativeName, now, now) for locale in seed.locales],
        )

    return step


RENDERS_SCHEMA = "CREATE TABLE page_renders (pageId INTEGER PRIMARY KEY, render TEXT NOT NULL)"


def _renders(db: Database) -> None:
    """Step 3: the rendered HTML of every page, kept up to date by the store from now on."""
    run_script(db, RENDERS_SCHEMA)
    for row in db.execute("SELECT * FROM pages").fetchall():
        page = PageRecord.from_row(row)
        store_render(db, page.id, render_page(page))


COMMENTS_SCHEMA = """
CREATE TABLE comments (
  id INTEGER PRIMARY KEY AUTOINCREMENT, pageId INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  replyTo INTEGER NOT NULL, content TEXT NOT NULL, render TEXT NOT NULL, authorId INTEGER NOT NULL,
  authorName TEXT NOT NULL, authorEmail TEXT NOT NULL, authorIP TEXT NOT NULL,
  createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL
);
CREATE TABLE comment_providers (
  key TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL, logo TEXT NOT NULL,
  website TEXT NOT NULL, isEnabled INTEGER NOT NULL, config TEXT NOT NULL
)
"""
COMMENT_PROVIDERS = (
    ("artalk", "Artalk", "A self-hosted comment system.", "/_assets/svg/icon-artalk.svg", "https://artalk.js.org", 0,
     {"server": "", "siteName": ""}),
    ("commento", "Commento", "A fast, privacy-focused commenting platform.", "/_assets/svg/icon-commento.svg",
     "https://commento.io", 0, {"instanceUrl": "https://cdn.commento.io"}),
    ("default", "Default", "Default Wiki.js comment provider.", "/_assets/svg/icon-chat-bubble.svg",
     "https://wiki.js.org", 1, {"akismet": "", "minDelay": 0}),
    ("disqus", "Disqus", "Disqus comments", "/_assets/svg/icon-disqus.svg", "https://disqus.com", 0,
     {"accountName": ""}),
)  # fmt: skip
"""The comment modules of a 2.5 wiki; only the default provider is enabled after setup."""


def _comments(seed: Seed) -> Migration:
    """Step 4: comments (deleted with their page), the comment providers, and the seed's sample
    comments by the administrator on those of its pages that exist (a wiki made by an older
    version may have moved or deleted them)."""

    def step(db: Database) -> None:
        run_script(db, COMMENTS_SCHEMA)
        db.executemany(
            "INSERT INTO comment_providers VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(*provider[:-1], json.dumps(provider[-1])) for provider in COMMENT_PROVIDERS],
        )
        author = db.execute("SELECT id, name, email FROM users ORDER BY id LIMIT 1").fetchone()
        for path, content in seed.comments:
            page = db.execute("SELECT id FROM pages WHERE path = ? ORDER BY id LIMIT 1", (path,)).fetchone()
            if page is None or author is None:
                continue
            db.execute(
                "INSERT INTO comments (pageId, replyTo, content, render, authorId, authorName, authorEmail, authorIP,"
                " createdAt, updatedAt) VALUES (?, 0, ?, ?, ?, ?, ?, '127.0.0.1', ?, ?)",
                (page[0], content, render(content, MARKDOWN), author[0], author[1], author[2], seed.now, seed.now),
            )

    return step


KEYS_SCHEMA = """
CREATE TABLE user_keys (
  token TEXT PRIMARY KEY, kind TEXT NOT NULL, userId INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  validUntil TEXT NOT NULL
);
ALTER TABLE users ADD COLUMN tfaSecret TEXT
"""


def _user_keys(db: Database) -> None:
    """Step 6: continuation tokens of the login steps (:mod:`.login_flow`) and TFA secrets."""
    run_script(db, KEYS_SCHEMA)


STRATEGIES_SCHEMA = """
CREATE TABLE auth_strategies (
  key TEXT PRIMARY KEY, strategyKey TEXT NOT NULL, displayName TEXT NOT NULL, "order" INTEGER NOT NULL,
  isEnabled INTEGER NOT NULL, selfRegistration INTEGER NOT NULL, domainWhitelist TEXT NOT NULL,
  autoEnrollGroups TEXT NOT NULL, config TEXT NOT NULL
)
"""


def _strategies(db: Database) -> None:
    """Step 7: authentication strategy instances; a new wiki has ``local``, without self-registration."""
    run_script(db, STRATEGIES_SCHEMA)
    db.execute("INSERT INTO auth_strategies VALUES ('local', 'local', 'Local', 0, 1, 0, '[]', '[]', '{}')")


def _keys_given_as_is(db: Database) -> None:
    """Step 8: which API keys were given as-is (``--admin-api-key``) and are matched by value; every
    other key is a signed token, and stops working when the signing secret is regenerated. The
    start flags the given key again, so an older data directory needs nothing more here."""
    db.execute("ALTER TABLE api_keys ADD COLUMN givenAsIs INTEGER NOT NULL DEFAULT 0")


def migrations(seed: Seed) -> tuple[Migration, ...]:
    return (
        _seed_pages(seed),
        _seed_accounts(seed),
        _renders,
        _comments(seed),
        create_asset_tables,
        _user_keys,
        _strategies,
        _keys_given_as_is,
    )
