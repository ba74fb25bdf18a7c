"""The asset error codes (2002-2009), each provoked as its rule's trigger says.

Assets are uploaded to the root folder under run-named files and deleted at the end (see
:mod:`suites.wikijs.assets`); hypothesis draws the names a rename sends: characters that
sanitize-filename removes before a bare extension (2007), other extensions (2008), collisions
with another asset or with the asset's own name (2005). Refusals for lack of access use API keys
of run-created groups whose page rules cover only part of the run's names.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.targets import Target
from specs import Rule
from suites.wikijs.asset_scenarios import SCENARIOS
from suites.wikijs.triggers import acted_out_by, check_code, trigger_of


@pytest.mark.rule_kind("error_code", where=acted_out_by(SCENARIOS))
@pytest.mark.usefixtures("writable")
@given(data=st.data())
def test_asset_error_code(wikijs: Target, rule: Rule, data: st.DataObject) -> None:
    trigger = trigger_of(rule)
    check_code(wikijs, rule, SCENARIOS[trigger.scenario](wikijs, trigger, data))
