"""The asset error codes' scenarios (2002-2009), each acting out its rule's trigger;
``test_asset_codes`` checks the answers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import strategies as st

from harness.client import Exchange, HttpClient
from harness.targets import Target
from specs.model import PermissionModel, Trigger
from suites.wikijs import assets, pages, sandbox
from suites.wikijs.rule_ids import PERMISSION_MODEL

names = st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True)


def _roles(target: Target) -> tuple[str, ...]:
    return target.rules[PERMISSION_MODEL].data_as(PermissionModel).page_rule_roles


def _folder_exists(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    if not target.embedded:
        pytest.skip("the 2.x API cannot delete an asset folder, so a live run creates none")
    slug = target.unique_name(data.draw(names, label="slug")).lower()
    first = pages.result_of(assets.create_folder(target.client, slug), "assets.createFolder")
    assert first["responseResult"]["succeeded"], f"setting up folder {slug}: {first}"
    return assets.create_folder(target.client, slug)


def _missing_asset(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    return assets.delete(target.client, pages.NONEXISTENT_PAGE_ID)


def _asset_rule_denied(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    """A key whose page rules cover only ``<run prefix>/open``: the run's root assets lie outside."""
    writer, _ = sandbox.restricted_writer(target, _roles(target))
    asset_id, _ = assets.new_asset(target, data.draw(names, label="asset"))
    if trigger.operation == "assets.deleteAsset":
        return assets.delete(writer, asset_id)
    return assets.rename(writer, asset_id, target.unique_name("renamed").lower() + assets.SET_UP_EXTENSION)


def _rename_collision(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    asset_id, own = assets.new_asset(target, data.draw(names, label="asset"))
    onto_itself = data.draw(st.booleans(), label="onto its own name")
    return assets.rename(target.client, asset_id, own if onto_itself else assets.new_asset(target, "taken")[1])


def _rename_invalid(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    asset_id, _ = assets.new_asset(target, data.draw(names, label="asset"))
    removed = st.text(st.sampled_from(trigger.values["removed_characters"]), max_size=4)
    cases = st.lists(st.booleans(), min_size=len(assets.SET_UP_EXTENSION), max_size=len(assets.SET_UP_EXTENSION))
    upper = data.draw(cases, label="upper-case letters of the extension")
    extension = "".join(c.upper() if up else c for c, up in zip(assets.SET_UP_EXTENSION, upper, strict=True))
    return assets.rename(target.client, asset_id, data.draw(removed, label="removed characters") + extension)


def _rename_extension(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    asset_id, _ = assets.new_asset(target, data.draw(names, label="asset"))
    others = [e for e in trigger.values["extensions"] if not e.endswith(assets.SET_UP_EXTENSION)]
    extension = data.draw(st.sampled_from(others), label="extension")
    return assets.rename(target.client, asset_id, target.unique_name("renamed").lower() + extension)


def _own_names_key(target: Target) -> tuple[HttpClient, str]:
    """A key whose group holds every page-rule role globally, with page rules only for asset names
    starting with ``<run marker>mine``; created once per run."""
    if "asset_names_key" not in target.shared:
        covered = f"{assets.marker(target)}mine"
        rule = {"id": "mine", "deny": False, "match": "START", "roles": list(_roles(target)), "path": covered,
                "locales": []}  # fmt: skip
        group = sandbox.create_group(target, _roles(target), [rule])
        target.shared["asset_names_key"] = (sandbox.create_key(target, group)[1], covered)
    client, covered = target.shared["asset_names_key"]
    return client, covered


def _rename_target_denied(target: Target, trigger: Trigger, data: st.DataObject) -> Exchange:
    client, covered = _own_names_key(target)
    asset_id, filename = assets.new_asset(target, "mine")
    assert filename.startswith(covered), f"{filename} should lie inside the key's rules ({covered})"
    outside = target.unique_name(data.draw(names.filter(lambda n: not n.startswith("mine")), label="name")).lower()
    return assets.rename(client, asset_id, outside + assets.SET_UP_EXTENSION)


SCENARIOS: dict[str, Callable[[Target, Trigger, st.DataObject], Exchange]] = {
    "folder_exists": _folder_exists,
    "missing_asset": _missing_asset,
    "asset_rule_denied": _asset_rule_denied,
    "asset_rename_collision": _rename_collision,
    "asset_rename_invalid": _rename_invalid,
    "asset_rename_extension": _rename_extension,
    "asset_rename_target_denied": _rename_target_denied,
}
