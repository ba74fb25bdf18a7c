"""Kinds of the Wiki.js 2.x GraphQL API's rules, one module per area."""
