"""Faults of the Kontent.ai schema and content rules (naming, paging, order, lookup, languages,
keys, preview, plan).
"""

from __future__ import annotations

from mock_server.faults.base import Overrides, breaks
from specs import Rule, RuleSet
from specs.model import (
    ApiKey,
    ElementFields,
    KeyScope,
    LanguageFallback,
    Naming,
    Order,
    OrderKeys,
    Paging,
    PlanForbidden,
    RestrictedNaming,
    SingleItem,
    SingleValued,
    Versions,
)


@breaks("naming", "kontent.schema.naming")
def _naming(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(Naming)
    wrong = d.collection_suffix.lower()
    return f"collection queries end in {wrong!r}", {rule.id: {"collection_suffix": wrong}}


@breaks("restricted_naming", "kontent.schema.restricted_types")
def _restricted_naming(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(RestrictedNaming)
    wrong = d.collection_suffix.replace(d.joiner, "")
    return f"restricted collections end in {wrong!r}", {rule.id: {"collection_suffix": wrong}}


@breaks("element_fields", "kontent.schema.element_fields")
def _element_fields(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(ElementFields)
    return f"{', '.join(d.non_null)} fields nullable, no deprecated plain date fields", {
        rule.id: {"non_null": [], "deprecated_date_field": not d.deprecated_date_field}
    }


@breaks("single_valued", "kontent.schema.single_valued")
def _single_valued(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(SingleValued)
    return f"elements limited to {d.condition} {d.count} stay collections", {rule.id: {"count": d.count + 1}}


@breaks("paging", "kontent.content.paging")
def _paging(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(Paging)
    return f"off by one: {d.default_limit + 1} items by default, limit up to {d.max_limit + 1}", {
        rule.id: {"default_limit": d.default_limit + 1, "max_limit": d.max_limit + 1}
    }


@breaks("order", "kontent.content.order")
def _order(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(Order)
    return f"{d.ascending!r} sorts descending and {d.descending!r} ascending", {
        rule.id: {"ascending": d.descending, "descending": d.ascending}
    }


@breaks("order_keys", "kontent.content.order_keys")
def _order_keys(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(OrderKeys)
    flipped = "reversed" if d.precedence == "as_written" else "as_written"
    return "the last `order` key written sorts first", {rule.id: {"precedence": flipped}}


@breaks("single_item", "kontent.content.single_item")
def _single_item(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(SingleItem)
    kept, dropped = d.identifiers[:1], d.identifiers[1:]
    return f"lookup ignores {', '.join(dropped) or 'nothing'}", {rule.id: {"identifiers": list(kept)}}


@breaks("language_fallback", "kontent.content.language_fallback")
def _language_fallback(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(LanguageFallback)
    return "no fallbacks: untranslated items disappear", {rule.id: {"follows_fallbacks": not d.follows_fallbacks}}


@breaks("api_key", "kontent.access.api_key")
def _api_key(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(ApiKey)
    return f"a missing or wrong key is answered {d.status + 1}", {rule.id: {"status": d.status + 1}}


@breaks("key_scope", "kontent.access.environment_scope")
def _key_scope(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(KeyScope)
    return "a key of one environment opens every environment", {rule.id: {"per_environment": not d.per_environment}}


@breaks("versions", "kontent.content.preview")
def _versions(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(Versions)
    return "published serves the latest versions and preview the published ones", {
        rule.id: {"published": d.preview, "preview": d.published}
    }


@breaks("plan_forbidden", "kontent.http.graphql_disabled")
def _plan_forbidden(rule: Rule, _: RuleSet) -> tuple[str, Overrides]:
    d = rule.data_as(PlanForbidden)
    return f"a plan without GraphQL is answered {d.status + 1}", {rule.id: {"status": d.status + 1}}
