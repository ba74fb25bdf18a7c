"""`where` on `_All`: every operator on every filterable field agrees with the rule oracle,
AND / OR trees too, metamorphic relations hold without an oracle, invalid filters get errors.

The data is learned from the target itself (see :mod:`suites.kontent.filter_fields`), so the
suite runs against an unknown live environment; ``--item-budget`` and ``--filter-budget`` keep
such a run bounded. A mismatch shows the filter, the expected and the actual codenames; the
report adds the curl command of the request.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from specs import default_rules
from specs.model import FilterOperator, Order, Paging
from suites.kontent.filter_cases import Where, conditions, leaf, pairs, snippet_sweep, sweep, trees
from suites.kontent.filter_fields import Learned
from suites.kontent.filter_oracle import Oracle
from suites.kontent.filter_world import Collection, FilterWorld, filter_rule_ids
from suites.kontent.rule_ids import ORDER, PAGING, WHERE
from suites.oracles import explain, json_document

DATE_TIME_RULE = "kontent.filter.field.date_time"
FILTER_RULES = filter_rule_ids(default_rules().for_api("kontent"))
FIELD_AND_OPERATOR_RULES = tuple(r for r in FILTER_RULES if r != WHERE)
METAMORPHIC_RULES = (
    WHERE,
    "kontent.filter.operator.eq",
    "kontent.filter.operator.in",
    "kontent.filter.operator.not_eq",
)


def _codenames(items: Any) -> list[str]:
    return [item["_system_"]["codename"] for item in items]


def _ask(world: FilterWorld, collection: Collection, where: Where, *, descending: bool = False,
         limit: int | None = None, offset: int = 0) -> tuple[Any, Mapping[str, Any]]:  # fmt: skip
    """One filtered page: (the exchange, the collection's answer or {} on errors)."""
    target = world.endpoint(collection)
    order_rule = target.rules[ORDER].data_as(Order)
    paging = target.rules[PAGING].data_as(Paging)
    info = collection.info
    direction = order_rule.descending if descending else order_rule.ascending
    variables = {
        "w": where,
        "l": paging.max_limit if limit is None else limit,
        "o": offset,
        "s": {"_system_": {order_rule.default_field: direction}},
    }
    query = (
        f"query($w: {info.type_name}_Where, $l: Int, $o: Int, $s: {info.type_name}_Order) "
        f"{{ {info.collection_query}(where: $w, limit: $l, offset: $o, order: $s{collection.arguments}) "
        f"{{ totalCount items {{ _system_ {{ codename }} }} }} }}"
    )
    exchange = target.client.graphql(query, variables)
    document = exchange.response.json() if exchange.response.media_type == "application/json" else {}
    return exchange, ((document.get("data") or {}).get(info.collection_query) or {})


def _expect_agreement(world: FilterWorld, collection: Collection, learned: Learned, where: Where,
                      descending: bool = False, limit: int | None = None, offset: int = 0) -> None:  # fmt: skip
    rule = world.target.rules[WHERE]
    oracle = Oracle(world.target.rules, learned.fields)
    everything = sorted(_codenames(oracle.select(where, learned.items)), reverse=descending)
    exchange, answer = _ask(world, collection, where, descending=descending, limit=limit, offset=offset)
    shown = json.dumps(where)
    assert exchange.response.status == 200 and "items" in answer, explain(
        rule, exchange, f"{collection} where {shown}: no answer ({exchange.response.status})"
    )
    page = everything[offset:] if limit is None else everything[offset : offset + limit]
    actual = _codenames(answer["items"])
    assert actual == page and answer["totalCount"] == len(everything), explain(
        rule,
        exchange,
        f"{collection} where {shown} (order {'desc' if descending else 'asc'}, limit {limit}, offset {offset}):\n"
        f"  expected totalCount {len(everything)}, items {page}\n"
        f"  actual   totalCount {answer['totalCount']}, items {actual}\n"
        f"  missing {sorted(set(page) - set(actual))}, unexpected {sorted(set(actual) - set(page))}",
    )


def _usable(world: FilterWorld, collection: Collection) -> Learned | None:
    learned = world.learned(collection)
    return learned if learned is not None and learned.items else None


@pytest.mark.rule(*FIELD_AND_OPERATOR_RULES)
def test_every_field_and_operator_agrees_with_the_oracle(filter_world: FilterWorld) -> None:
    """The fixed sweep: per collection, field and operator, arguments at the data's median and
    its look-alikes (case variant, another UTC offset), isEmpty both ways, snippets' all-of."""
    world = filter_world
    operators = world.focus_operators
    checked = 0
    for collection in world.collections():
        learned = _usable(world, collection)
        if learned is None:
            continue
        fields = world.focused(learned.fields)
        cases = [
            case
            for f in fields
            for case in sweep(f, learned.items, [o for o in f.operators if operators is None or o in operators])
        ]
        cases += list(snippet_sweep(fields, learned.items))
        for where in cases:
            if not world.budget.take():
                break
            _expect_agreement(world, collection, learned, where)
            checked += 1
    if not checked:
        pytest.skip(
            f"no filter checked: --filter-budget spent, or no collection within --item-budget {world.item_budget}"
        )


def _draw_collection(data: st.DataObject, world: FilterWorld) -> tuple[Collection, Learned, list[Any]]:
    """A collection with focused (field, operator) pairs, and those pairs."""
    candidates = []
    for collection in world.collections():
        learned = _usable(world, collection)
        if learned is not None:
            choices = pairs(world.focused(learned.fields), world.focus_operators)
            if choices:
                candidates.append((collection, learned, choices))
    if not candidates:
        pytest.skip(f"no collection within --item-budget {world.item_budget} offers the selected filters")
    return data.draw(st.sampled_from(candidates), label="collection")


@pytest.mark.rule(*FILTER_RULES)
@given(data=st.data())
def test_where_trees_agree_with_the_oracle(filter_world: FilterWorld, data: st.DataObject) -> None:
    world = filter_world
    collection, learned, choices = _draw_collection(data, world)
    where_rule = world.catalogue.where
    condition = conditions(choices, learned.items)
    tree = trees(condition, world.depth, where_rule.all_of, where_rule.any_of, where_rule.min_operands)
    where = data.draw(tree, label="where")
    descending = data.draw(st.booleans(), label="descending")
    size = len(learned.items)
    limit = data.draw(st.integers(0, size + 1), label="limit")
    offset = data.draw(st.integers(0, size + 1), label="offset")
    if world.budget.take():
        _expect_agreement(world, collection, learned, where, descending, limit, offset)


@pytest.mark.rule(*METAMORPHIC_RULES)
@given(data=st.data())
def test_metamorphic_relations_hold(filter_world: FilterWorld, data: st.DataObject) -> None:
    """No oracle: `in [a, b]` = OR(eq a, eq b); `notEq x` = complement of `eq x` (null rule);
    AND commutes; results are a subset of the whole; totalCount ignores limit and offset."""
    world = filter_world
    rules = world.target.rules
    collection, learned, _ = _draw_collection(data, world)
    candidates = [f for f in learned.fields if {"eq", "in", "notEq"} <= set(f.operators)]
    maximum = rules[PAGING].data_as(Paging).max_limit
    if not candidates or len(learned.items) > maximum or not world.budget.take(7):
        return
    field = data.draw(st.sampled_from(candidates), label="field")
    values = [v for v in (field.read(i) for i in learned.items) if v is not None] or ["x"]
    a, b = data.draw(st.lists(st.sampled_from(values), min_size=2, max_size=2), label="values")
    where_rule = world.catalogue.where
    not_eq = rules["kontent.filter.operator.not_eq"]
    without_value = {i["_system_"]["codename"] for i in learned.items if field.read(i) is None}

    def found(where: Where, **paging: Any) -> tuple[set[str], int]:
        exchange, answer = _ask(world, collection, where, **paging)
        assert "items" in answer, explain(rules[WHERE], exchange, f"{collection} where {json.dumps(where)}: no answer")
        return set(_codenames(answer["items"])), int(answer["totalCount"])

    whole = set(_codenames(learned.items))
    in_both, total = found(leaf(field, "in", [a, b]))
    either, _ = found({where_rule.any_of: [leaf(field, "eq", a), leaf(field, "eq", b)]})
    journal = world.target.client.journal
    assert in_both == either, explain(
        rules["kontent.filter.operator.in"], journal[-1], f"in [{a!r}, {b!r}] != OR(eq, eq)"
    )
    equal, _ = found(leaf(field, "eq", a))
    different, _ = found(leaf(field, "notEq", a))
    complement = whole - equal - (set() if not_eq.data_as(FilterOperator).missing else without_value)
    assert different == complement, explain(not_eq, journal[-1], f"notEq {a!r} is not the complement of eq {a!r}")
    first, second = leaf(field, "eq", a), leaf(field, "notEq", b)
    forward, _ = found({where_rule.all_of: [first, second]})
    backward, _ = found({where_rule.all_of: [second, first]})
    assert forward == backward, explain(rules[WHERE], journal[-1], "AND is not commutative")
    assert in_both <= whole, explain(rules[WHERE], journal[-1], "a filter returned items outside the collection")
    _, paged_total = found(leaf(field, "in", [a, b]), limit=1, offset=1)
    assert paged_total == total, explain(rules[WHERE], journal[-1], "totalCount depends on limit/offset")


@pytest.mark.rule(WHERE, DATE_TIME_RULE)
def test_invalid_filters_get_an_error(filter_world: FilterWorld) -> None:
    """AND / OR with too few operands, a malformed DateTime, an operator the field's type lacks,
    a value of the wrong type: each a GraphQL error, never a server error or a silent answer."""
    world = filter_world
    rules = world.target.rules
    where_rule = world.catalogue.where
    found = [(c, learned) for c in world.collections(preview=False) if (learned := _usable(world, c)) is not None]
    if not found:
        pytest.skip(f"no collection within --item-budget {world.item_budget}")
    cases: list[tuple[str, Collection, Where]] = []
    for collection, learned in found:
        fields = learned.fields
        text = next((f for f in fields if f.kind == "String" and {"eq", "isEmpty"} <= set(f.operators)), None)
        if text is not None:
            few = [leaf(text, "eq", "x")] * (where_rule.min_operands - 1)
            cases += [
                (WHERE, collection, {where_rule.all_of: few}),
                (WHERE, collection, {where_rule.any_of: few}),
            ]
            cases.append((WHERE, collection, leaf(text, "eq", 5)))
            missing = sorted({"lt", "containsAll"} - set(text.operators))
            cases += [(WHERE, collection, leaf(text, op, "x")) for op in missing[:1]]
        dates = [f for f in fields if f.kind == "DateTime" and "eq" in f.operators]
        for date in dates[:1]:
            rule_id = DATE_TIME_RULE if DATE_TIME_RULE in date.rules else WHERE
            cases += [(rule_id, collection, leaf(date, "eq", bad)) for bad in ("yesterday", "2021-01-01T10:00:00")]
    for rule_id, collection, where in cases:
        if not world.budget.take():
            return
        exchange, answer = _ask(world, collection, where)
        rule = rules[rule_id]
        assert exchange.response.status < 500, explain(rule, exchange, f"where {json.dumps(where)}: a server error")
        document = json_document(rule, exchange)
        assert document.get("errors") and "items" not in answer, explain(
            rule, exchange, f"{collection} where {json.dumps(where)} must be refused with an error"
        )
