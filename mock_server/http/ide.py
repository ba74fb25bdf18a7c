"""The browser IDE: a GraphiQL page whose scripts the mock serves itself, so it works offline.

The page talks to the URL it was loaded from (a relative fetch), and its headers pane is
editable so a bearer token can be tried. Without the assets it still answers, telling how
to install them.
"""

from __future__ import annotations

import html
import json
from http import HTTPStatus

from aiohttp import web

from mock_server.graphiql_assets import ASSET_DIR, ASSET_FILES, INSTALL_COMMAND, installed
from mock_server.http.errors import HttpError
from mock_server.http.responses import CHARSET
from specs.model import IdePage

ASSET_PATH = "/_mock/graphiql/"
ASSET_ROUTE = ASSET_PATH + "{name}"
ASSET_MAX_AGE_S = 86400

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - GraphiQL</title>
<link rel="stylesheet" href="{assets}graphiql.min.css">
<style>body {{ margin: 0; }} #graphiql {{ height: 100vh; }}</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL...</div>
<script src="{assets}react.production.min.js"></script>
<script src="{assets}react-dom.production.min.js"></script>
<script src="{assets}graphiql.min.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({{ url: window.location.pathname }});
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, {{
      fetcher: fetcher,
      defaultQuery: {example},
      defaultHeaders: JSON.stringify({{ Authorization: "Bearer " }}, null, 2),
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    }})
  );
</script>
</body>
</html>
"""

_MISSING = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title} - GraphiQL not installed</title></head>
<body>
<h1>GraphiQL is not installed</h1>
<p>The IDE's scripts are served by this mock from <code>{directory}</code>, which is empty.
Install them once with:</p>
<pre>{command}</pre>
<p>then reload this page. GraphQL requests to this URL work without them.</p>
</body>
</html>
"""


def wants_ide(request: web.Request, rule: IdePage) -> bool:
    return rule.accept in request.headers.get("Accept", "").lower()


def _script_string(text: str) -> str:
    """A JavaScript string literal that is also safe inside the page's <script> element."""
    return json.dumps(text).replace("<", "\\u003c")


def ide_page(rule: IdePage, title: str, example: str) -> web.Response:
    """The GraphiQL page opening on ``example`` (a query of the API it serves, instead of GraphiQL's
    generic welcome text), or install instructions when the assets are missing."""
    if installed():
        text = _PAGE.format(title=html.escape(title), assets=ASSET_PATH, example=_script_string(example))
    else:
        text = _MISSING.format(title=html.escape(title), directory=html.escape(str(ASSET_DIR)), command=INSTALL_COMMAND)
    return web.Response(text=text, status=rule.status, content_type=rule.content_type, charset=CHARSET)


async def serve_asset(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    path = ASSET_DIR / name
    if name not in ASSET_FILES or not path.is_file():
        raise HttpError(HTTPStatus.NOT_FOUND, f"No IDE asset {name!r}; install them with `{INSTALL_COMMAND}`.")
    return web.FileResponse(path, headers={"Cache-Control": f"max-age={ASSET_MAX_AGE_S}"})
