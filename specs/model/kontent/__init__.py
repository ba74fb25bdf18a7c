"""Kinds of the Kontent.ai Delivery GraphQL API's rules, one module per area."""
