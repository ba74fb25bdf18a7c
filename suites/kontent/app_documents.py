"""GraphQL documents written the way real apps send them (Apollo Client style): named operations,
fragments, `__typename` in every selection, variables, `where` with `AND`/`OR` over system and
element fields, `languageFilter`, inline fragments on restricted unions, renditions, the
deprecated plain date fields and single-valued elements.

Shaped after public apps (kontent-facts.md § 8: the official Apollo sample app, the code samples'
filters, starters); ``DOCUMENTS`` are written for the embedded sample environment's content model,
``IMPORTED_DOCUMENTS`` for the Management API export the harness tests load. A target runs a
document only when it has every type and field the document names, so a live environment with
another model skips it instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from harness.client import HttpClient

SYSTEM = """fragment SystemFields on _Sys {
  __typename id codename name lastModified
  language { __typename _system_ { __typename codename name } }
  collection { __typename _system_ { __typename codename } }
  workflowStep { __typename _system_ { __typename codename } }
}"""
ASSET = """fragment AssetFields on _Asset {
  __typename url name description type size width height
  renditions(limit: 5) { __typename items { __typename preset query width height } }
}"""
ARTICLE_CARD = """fragment ArticleCard on Article {
  __typename _system_ { ...SystemFields } title summary slug
  postDate
  postDate_with_timezone { __typename value display_timezone }
  teaserImage(limit: 1) { __typename items { ...AssetFields } }
  author(limit: 1) { __typename items { __typename _system_ { __typename codename } fullName } }
  topics { __typename items { __typename _system_ { __typename codename name } } }
}"""

LANDING_PAGE = f"""query LandingPage($codename: String!, $language: String!) {{
  landingPage(codename: $codename, languageFilter: {{languageCodename: $language}}) {{
    __typename
    _system_ {{ ...SystemFields }}
    headline
    _seo {{ __typename metaTitle metaDescription }}
    hero {{
      __typename
      ... on Article {{ ...ArticleCard }}
      ... on Event {{ __typename eventTitle starts cover {{ ...AssetFields }} }}
    }}
    featured(limit: 5) {{
      __typename totalCount
      items {{ __typename ... on Article {{ ...ArticleCard }} ... on Event {{ __typename eventTitle }} }}
    }}
    content {{
      __typename html
      components {{ __typename items {{ __typename _system_ {{ __typename codename }} fact }} }}
      linkedItems {{ __typename items {{ __typename _system_ {{ ...SystemFields }} fact }} }}
      itemHyperlinks {{ __typename items {{ __typename _system_ {{ __typename id codename }} }} }}
      assets {{ __typename items {{ __typename imageId url }} }}
    }}
  }}
}}
{SYSTEM}
{ASSET}
{ARTICLE_CARD}"""

ARTICLE_LISTING = f"""query Articles($language: String!, $limit: Int, $offset: Int, $since: DateTime!) {{
  article_All(
    languageFilter: {{languageCodename: $language}}
    where: {{
      AND: [
        {{_system_: {{language: {{_system_: {{codename: {{eq: $language}}}}}}}}}}
        {{OR: [{{postDate: {{gte: $since}}}}, {{postDate_with_timezone: {{value: {{lt: $since}}}}}}]}}
      ]
    }}
    order: {{postDate: desc}}
    limit: $limit
    offset: $offset
  ) {{
    __typename totalCount limit offset
    items {{
      ...ArticleCard
      body {{
        __typename html
        components {{ __typename items {{ __typename ... on FactAboutUs {{ fact }} ... on Author {{ fullName }} }} }}
        linkedItems {{ __typename items {{ __typename ... on Author {{ _system_ {{ ...SystemFields }} fullName }} }} }}
        itemHyperlinks {{ __typename items {{ __typename _system_ {{ __typename id codename }} }} }}
      }}
    }}
  }}
}}
{SYSTEM}
{ASSET}
{ARTICLE_CARD}"""

EVENTS = """query Events {
  event_All(where: {starts: {gte: "2020-01-01T00:00:00Z"}}, order: {starts: asc}, limit: 3) {
    __typename items { __typename eventTitle starts cover { __typename url } }
  }
}"""


@dataclass(frozen=True)
class AppDocument:
    name: str
    query: str
    requires: Mapping[str, tuple[str, ...]]
    """Type -> fields the target must have for the document to apply."""
    seed: str | None = None
    """A collection query whose first item gives `$codename` and `$language`."""
    variables: Mapping[str, Any] = field(default_factory=dict)
    method: Literal["POST", "GET"] = "POST"
    preview: bool = False


_LANDING = {
    "LandingPage": ("headline", "hero", "featured", "content", "_seo"),
    "Article": ("title", "summary", "slug", "postDate", "teaserImage", "author", "topics"),
    "Event": ("eventTitle", "starts", "cover"),
    "FactAboutUs": ("fact",),
}
_LISTING = {"Article": (*_LANDING["Article"], "body"), "Author": ("fullName",), "FactAboutUs": ("fact",)}
_PAGE = {"limit": 5, "offset": 0, "since": "2024-03-01T00:00:00Z"}

DOCUMENTS = (
    AppDocument("landing_page", LANDING_PAGE, _LANDING, seed="landingPage_All"),
    AppDocument("article_listing", ARTICLE_LISTING, _LISTING, seed="article_All", variables=_PAGE),
    AppDocument("article_listing_preview", ARTICLE_LISTING, _LISTING, "article_All", _PAGE, preview=True),
    AppDocument("events_get", EVENTS, {"Event": ("eventTitle", "starts", "cover")}, method="GET"),
)

ARTICLE_SUMMARY = """fragment ArticleSummary on Article {
  __typename _system_ { __typename codename lastModified } title slug publishingDate
  teaserImage { __typename url description width height }
  author { __typename _system_ { __typename codename } name photo { __typename url } }
}"""

HOME = f"""query Home($codename: String!) {{
  home(codename: $codename) {{
    __typename
    _system_ {{ __typename codename workflowStep {{ __typename _system_ {{ __typename codename }} }} }}
    headline
    _metadata {{ __typename metaTitle metaDescription ogImage {{ __typename url }} }}
    hero {{
      __typename
      ... on Article {{ ...ArticleSummary }}
      ... on HostedVideo {{
        __typename videoId
        videoHost {{ __typename items {{ __typename _system_ {{ __typename codename }} }} }}
      }}
    }}
    sections(limit: 3) {{ __typename totalCount items {{ ...ArticleSummary }} }}
    gallery {{
      __typename items {{ __typename url width height renditions {{ __typename items {{ __typename query }} }} }}
    }}
    nextEvent {{ __typename _system_ {{ __typename codename }} ... on HostedVideo {{ videoId }} }}
  }}
}}
{ARTICLE_SUMMARY}"""

ARTICLES_BY_TOPIC = f"""query ArticlesByTopic($language: String!, $topic: String!, $from: DateTime!) {{
  article_All(
    languageFilter: {{languageCodename: $language}}
    where: {{AND: [
      {{topics: {{containsAny: [$topic]}}}}
      {{OR: [{{publishingDate: {{gte: $from}}}}, {{_metadata: {{metaTitle: {{eq: "Coffee guide"}}}}}}]}}
    ]}}
    order: {{publishingDate: desc}}
    limit: 10
  ) {{
    __typename totalCount
    items {{
      ...ArticleSummary
      body {{
        __typename html
        components {{ __typename items {{ __typename ... on Tweet {{ tweetLink }} ... on HostedVideo {{ videoId }} }} }}
        linkedItems {{ __typename items {{ __typename ... on Tweet {{ tweetLink }} }} }}
        itemHyperlinks {{ __typename items {{ __typename _system_ {{ __typename id codename }} }} }}
        assets {{ __typename items {{ __typename imageId url description }} }}
      }}
    }}
  }}
}}
{ARTICLE_SUMMARY}"""

DRAFTS = """query Drafts {
  article_All(where: {_system_: {workflowStep: {eq: "draft"}}}) {
    __typename totalCount items { __typename _system_ { __typename codename } title publishingDate }
  }
}"""

_ARTICLE = ("title", "slug", "publishingDate", "teaserImage", "author", "body", "topics", "_metadata")
_HOME = {
    "Home": ("headline", "hero", "sections", "gallery", "nextEvent", "_metadata"),
    "Article": _ARTICLE,
    "HostedVideo": ("videoId", "videoHost"),
    "Author": ("name", "photo"),
}
_TOPIC = {"language": "es-ES", "topic": "espresso", "from": "2025-01-01T00:00:00Z"}
_BY_TOPIC = {"Article": _ARTICLE, "Tweet": ("tweetLink",), "HostedVideo": ("videoId",), "Author": ("name", "photo")}

IMPORTED_DOCUMENTS = (
    AppDocument("home", HOME, _HOME, seed="home_All", variables={"codename": "home"}),
    AppDocument("articles_by_topic", ARTICLES_BY_TOPIC, _BY_TOPIC, variables=_TOPIC),
    AppDocument("drafts_get", DRAFTS, {"Article": ("title", "publishingDate")}, method="GET"),
    AppDocument("drafts_preview", DRAFTS, {"Article": ("title", "publishingDate")}, preview=True),
)
"""Documents of an app built on the Management API export model in ``tests/mock_server/models``."""


SEED = "{ %s(limit: 1) { items { _system_ { codename language { _system_ { codename } } } } } }"
"""Where a document names an item of the target's own content, the first item of this collection."""


def seeded_variables(client: HttpClient, document: AppDocument) -> dict[str, Any] | None:
    """The document's variables, with ``codename`` and ``language`` of the first item of its seed
    collection when it has one; None when that collection is empty."""
    variables = dict(document.variables)
    if document.seed is None:
        return variables
    items = client.graphql_data(SEED % document.seed)[document.seed]["items"]
    if not items:
        return None
    system = items[0]["_system_"]
    variables.update(codename=system["codename"], language=system["language"]["_system_"]["codename"])
    return variables
