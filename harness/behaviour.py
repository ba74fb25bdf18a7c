"""Behaviour profiles: which answers a run expects (``--profile``).

A profile names either the documents (``docs``) or a known release of a product whose
recorded deviations apply; the rule files speak of the release by its implementation name
(``2.5.314``), the command line by the product-qualified profile name (``wikijs-2.5.314``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from specs import DOCS

DEFAULT_PROFILE = DOCS
PROFILES: Mapping[str, str] = MappingProxyType(
    {
        DOCS: DOCS,
        "wikijs-2.5.314": "2.5.314",
        "kontent-technical-limits": "technical-limits",
        "kontent-observed-2025": "observed-2025",
    }
)
"""Profile name -> the implementation name its rules' ``deviations`` entries use."""


def implementation_of(profile: str) -> str:
    return PROFILES[profile]
