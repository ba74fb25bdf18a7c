"""Which GraphQL shape an element's field takes beyond its type's name: non-null, single object,
and the deprecated plain date & time field, read from ``kontent.schema.element_fields`` and
``kontent.schema.single_valued``.

The schema generator, the where inputs, the filter engine, the order keys and the resolvers all
ask this one object, so a faulted rule changes every place at once and none of them keeps its
own list of element types.
"""

from __future__ import annotations

from dataclasses import dataclass

from mock_server.kontent.model import Element
from specs.model import ElementFields, SingleValued
from specs.naming import Namer


@dataclass(frozen=True)
class ElementShapes:
    fields: ElementFields
    single: SingleValued
    namer: Namer

    def non_null(self, element: Element) -> bool:
        return element.type in self.fields.non_null

    def is_single(self, element: Element) -> bool:
        """Limited to the rule's count by the rule's condition (exactly one): a single object."""
        limit = element.count_limit
        return (
            element.type in self.single.element_types
            and limit is not None
            and limit.condition == self.single.condition
            and limit.value == self.single.count
        )

    def plain_date_field(self, element: Element, field: str) -> str | None:
        """The deprecated plain field next to the date & time ``field`` (``<name>_with_timezone``)."""
        suffix = self.namer.rule.date_time_suffix
        if element.type != "date_time" or not self.fields.deprecated_date_field or not field.endswith(suffix):
            return None
        return field.removesuffix(suffix)

    def deprecation_reason(self, field: str) -> str:
        return self.fields.deprecation_reason.format(field=field)
