"""The rule ids more than one wikijs suite module names, defined once: ``grep <rule id>`` finds
this line, and the suites import the name."""

PERMISSION_MODEL = "wikijs.permissions.model"
AUTH_DENIED = "wikijs.auth.denied"
SCHEMA_SERVED = "wikijs.schema.served"
UPLOAD_ROUND_TRIP = "wikijs.uploads.round_trip"
PAGE_RESTORE = "wikijs.pages.restore"
