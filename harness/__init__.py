"""What the conformance suites, the load checks and the reliability campaign share: the raw HTTP
client, the targets (an embedded mock process or a live URL), pacing, secrets and their redaction,
behaviour profiles, and the client-side reading of rules they all need (Wiki.js ``@rateLimit``,
Kontent.ai content discovery).

A package of its own so that ``load/`` and ``reliability/`` never import the test package
``suites`` and its pytest plugin.
"""
