"""The checks of what each answer carries or how it was treated: a valid Retry-After on every 429,
a retry after it admitted, cached answers exempt and free, every charge reported and priced by the
cost model, and a second API key's own budget."""

from __future__ import annotations

from collections.abc import Sequence

from load.samples import Sample
from load.verdict import EXAMPLES, Check, Contract, example, same_budget


def _valid_retry_after(value: str | None, longest: float) -> bool:
    return value is not None and value.strip().isdigit() and int(value) <= longest


def check_retry_after(samples: Sequence[Sample], contract: Contract) -> Check:
    longest = max(w.seconds for w in contract.windows)
    limited = [s for s in samples if s.limited]
    invalid = [s for s in limited if not _valid_retry_after(s.retry_after, longest)]
    return Check(
        contract.rejection_rule,
        "every 429 carries a valid Retry-After",
        bool(limited) and not invalid,
        f"{len(invalid)} of {len(limited)} rate-limited answers lacked an integer Retry-After "
        f"between 0 and {longest:g} s"
        if limited
        else "not exercised: no request was rate-limited",
        [example(s) for s in invalid[:EXAMPLES]],
    )


def check_retry(samples: Sequence[Sample], contract: Contract) -> Check:
    """A retry counts when nothing else was admitted between the refusal and the retry."""
    judged, refused, disturbed = [], [], 0
    for retry in (s for s in samples if s.traffic == "retry"):
        original = retry.name.removesuffix(" retry")
        refusal = max(
            (s for s in samples if s.limited and s.name == original and s.finished <= retry.started),
            key=lambda s: s.finished,
            default=None,
        )
        if refusal is None:
            continue
        between = [
            s for s in samples
            if s is not retry and same_budget(s) and s.finished > refusal.started and s.started < retry.started
        ]  # fmt: skip
        if between:
            disturbed += 1
            continue
        judged.append(retry)
        if retry.limited:
            refused.append(retry)
    return Check(
        contract.retry_rule,
        "a retry after Retry-After succeeds",
        bool(judged) and not refused,
        f"{len(refused)} of {len(judged)} undisturbed probe retries were refused again ({disturbed} retries had "
        "other traffic in between and are not judged)"
        if judged
        else f"not exercised: no undisturbed probe retry ({disturbed} disturbed)",
        [example(s) for s in refused[:EXAMPLES]],
    )


def check_cache_exempt(samples: Sequence[Sample], contract: Contract) -> list[Check]:
    cached = [s for s in samples if s.traffic == "cached"]
    hits = [s for s in cached if s.cache_hit]
    charged = [s for s in hits if s.charge]
    fresh_until: dict[str, float] = {}
    limited = []
    for sample in cached:  # in start order
        if sample.limited and sample.started < fresh_until.get(sample.name, 0.0):
            limited.append(sample)
        elif not sample.limited and not sample.cache_hit:
            fresh_until[sample.name] = sample.finished + contract.cache_ttl
    return [
        Check(
            contract.cache_rule,
            "cached requests are never rate-limited",
            bool(hits) and not limited,
            f"{len(limited)} of {len(cached)} repeated published requests were rate-limited within the cache TTL"
            if hits
            else "not exercised: no answer came from the cache",
            [example(s) for s in limited[:EXAMPLES]],
        ),
        Check(
            contract.cache_rule,
            "cache hits cost nothing",
            bool(hits) and not charged,
            f"{len(charged)} of {len(hits)} cache hits were charged resource units"
            if hits
            else "not exercised: no answer came from the cache",
            [example(s) for s in charged[:EXAMPLES]],
        ),
    ]


def check_charge(samples: Sequence[Sample], contract: Contract) -> list[Check]:
    answered = [s for s in samples if s.status < 500]
    missing = [s for s in answered if s.charge is None]
    priced = [s for s in answered if not s.limited and not s.cache_hit and s.complexity is not None]
    wrong = [s for s in priced if s.charge != contract.expected_charge(s.complexity or 0)]
    return [
        Check(
            contract.charge_rule,
            "every answer reports its charge",
            bool(answered) and not missing,
            f"{len(missing)} of {len(answered)} answers had no parseable charge header"
            if answered
            else "not exercised: no request was answered",
            [example(s) for s in missing[:EXAMPLES]],
        ),
        Check(
            contract.charge_rule,
            "the charge follows the cost model",
            bool(priced) and not wrong,
            f"{len(wrong)} of {len(priced)} executed requests were charged other than the cost model "
            "says for their reported complexity"
            if priced
            else "not exercised: no executed request reported its complexity",
            [example(s) for s in wrong[:EXAMPLES]],
        ),
    ]


def check_scope(samples: Sequence[Sample], contract: Contract) -> Check:
    other_key = [s for s in samples if s.traffic == "scope"]
    refused = [s for s in other_key if s.limited]
    return Check(
        contract.scope_rule,
        "another API key has its own budget",
        bool(other_key) and not refused,
        f"{len(refused)} of {len(other_key)} requests with a second key were refused while the first key's "
        "budget was spent"
        if other_key
        else "not exercised: no request with a second key",
        [example(s) for s in refused[:EXAMPLES]],
    )
