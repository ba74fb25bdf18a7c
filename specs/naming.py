"""Codename -> GraphQL name conversion of the Kontent.ai schema, driven by the naming rule.

Shared by the mock (which generates its schema with it) and the suites (which check a
target's introspected names with it), so both read the separator and suffixes from
``specs/kontent/schema.yaml`` and neither keeps its own copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from specs.model import Naming, NamingVector, RestrictedNaming


@dataclass(frozen=True)
class Namer:
    rule: Naming

    def words(self, codename: str) -> list[str]:
        return [part for part in codename.split(self.rule.separator) if part]

    def pascal(self, codename: str) -> str:
        return "".join(word[0].upper() + word[1:] for word in self.words(codename))

    def camel(self, codename: str) -> str:
        pascal = self.pascal(codename)
        return pascal[:1].lower() + pascal[1:]

    def type_name(self, codename: str) -> str:
        """The object type of a content type (``fact_about_us`` -> ``FactAboutUs``)."""
        return self.pascal(codename)

    def collection_type(self, codename: str) -> str:
        return self.type_name(codename) + self.rule.collection_suffix

    def query(self, codename: str) -> str:
        """The single-item root query of a content type (``fact_about_us`` -> ``factAboutUs``)."""
        return self.camel(codename)

    def collection_query(self, codename: str) -> str:
        return self.query(codename) + self.rule.collection_suffix

    def snippet_type(self, codename: str) -> str:
        return self.rule.snippet_type_prefix + self.pascal(codename)

    def snippet_field(self, codename: str) -> str:
        return self.rule.snippet_prefix + self.camel(codename)

    def element_field(self, codename: str, *, date_time: bool = False) -> str:
        """The field of an element; date & time elements get the documented suffix."""
        return self.camel(codename) + (self.rule.date_time_suffix if date_time else "")

    def convert(self, vector: NamingVector) -> tuple[str | None, str]:
        """The (type, field) names the rule gives a conversion-table row's codename."""
        if vector.of == "content_type":
            return self.type_name(vector.codename), self.query(vector.codename)
        if vector.of == "snippet":
            return self.snippet_type(vector.codename), self.snippet_field(vector.codename)
        return None, self.element_field(vector.codename, date_time=vector.of == "date_time")


@dataclass(frozen=True)
class RestrictedNamer:
    """Types of elements restricted to content types (kontent-facts.md § 3, observed schemas):
    a linked-items element of `landing_page` named `featured` gets `LandingPage_Featured_Collection`
    (items of the one allowed type, or of the union `LandingPage_Featured` of several); a
    restricted rich-text element gets the object type `LandingPage_BodyCopy` whose restricted
    parts are `LandingPage_BodyCopy_Components_Collection` and `..._LinkedItems_Collection`."""

    rule: RestrictedNaming
    namer: Namer

    def element_type(self, owner_type: str, element_codename: str, part: str | None = None) -> str:
        """The union (several allowed types) or rich-text object of an element or a rich-text part."""
        words = [owner_type, self.namer.pascal(element_codename), *([self.rule.rich_text_parts[part]] if part else [])]
        return self.rule.joiner.join(words)

    def collection_type(self, owner_type: str, element_codename: str, part: str | None = None) -> str:
        return self.element_type(owner_type, element_codename, part) + self.rule.collection_suffix
