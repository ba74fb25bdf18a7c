"""GraphQL over HTTP, shared by both mocks and driven only by an API's transport rules.

Each module has one job (reading a bounded body, parsing request parameters, executing a
document, CORS, the IDE page...) so that a rule's behaviour is found in one place.
"""
