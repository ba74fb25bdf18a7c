"""The installed command ``gqlconf``: one entry for the harness's tools."""
