"""Every rule's source opens as a public page: documents.yaml publishes each document rules name."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from specs import default_rules
from specs.documents import public_source


def test_every_rule_source_has_a_public_https_address_with_its_section() -> None:
    for rule in default_rules():
        public = public_source(rule.source)
        address = urlsplit(public.url)
        assert address.scheme == "https" and address.netloc, rule.id
        assert unquote(address.fragment).removeprefix(":~:text=") in rule.source.section, rule.id
        assert "seeds/" not in str(public) and "reference/" not in str(public), rule.id
