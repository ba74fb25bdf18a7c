"""The rule ids more than one kontent suite module names, defined once: ``grep <rule id>`` finds
this line, and the suites import the name."""

PAGING = "kontent.content.paging"
API_KEY = "kontent.access.api_key"
ORDER = "kontent.content.order"
ELEMENT_FIELDS = "kontent.schema.element_fields"
NAMING = "kontent.schema.naming"
WHERE = "kontent.filter.where"
SYSTEM_FIELDS = "kontent.filter.field.system"
SNIPPET_FIELDS = "kontent.filter.field.snippet"
