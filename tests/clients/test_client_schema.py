"""The mock's introspection answer builds a client schema in the GraphQL libraries clients use:
graphql-core 3.1, 3.2 and 3.3 and graphql-js 15.3 (the real server's) and 16.

gql-based Wiki.js clients (wikijspy, wikijs) fetch the schema by introspection before their
first request; a directive location their graphql-core does not know stops them there. Each
older library runs in a subprocess with only its own install on the path.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from graphql import build_client_schema, get_introspection_query

from clients.packages import GRAPHQL_CORE, GRAPHQL_JS, NpmPackage, PythonPackage
from tests.clients.support import require, run
from tests.mock_server.support import start

PYTHON_CHECK = """
import json, sys
from graphql import build_client_schema, version
schema = build_client_schema(json.load(open(sys.argv[1]))["data"])
print(version, len(schema.type_map), sorted(d.name for d in schema.directives))
"""

NODE_CHECK = """
const { buildClientSchema, version } = require("graphql");
const answer = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const schema = buildClientSchema(answer.data);
console.log(version, Object.keys(schema.getTypeMap()).length, schema.getDirectives().map((d) => d.name).sort());
"""

IMPLEMENTATIONS = ("docs", "2.5.314")


@pytest.fixture(scope="module", params=IMPLEMENTATIONS)
def introspection(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mock's answer to the standard introspection query, as a file for the subprocesses."""
    client = start("wikijs", emulate=request.param)
    try:
        answer = client.query(get_introspection_query(descriptions=True))
    finally:
        client.close()
    assert "errors" not in answer, answer["errors"]
    path = tmp_path_factory.mktemp("introspection") / f"{request.param}.json"
    path.write_text(json.dumps(answer), encoding="utf-8")
    return path


def test_graphql_core_3_3(introspection: Path) -> None:
    schema = build_client_schema(json.loads(introspection.read_text(encoding="utf-8"))["data"])
    assert schema.query_type is not None and schema.mutation_type is not None


@pytest.mark.parametrize("package", GRAPHQL_CORE, ids=lambda p: p.key)
def test_older_graphql_core(introspection: Path, package: PythonPackage) -> None:
    require(package.target, package.requirement)
    environment = {**os.environ, "PYTHONPATH": str(package.target), "PYTHONNOUSERSITE": "1"}
    done = run([sys.executable, "-c", PYTHON_CHECK, str(introspection)], environment)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith(package.requirement.split("==")[1]), done.stdout


@pytest.mark.parametrize("package", GRAPHQL_JS, ids=lambda p: p.key)
def test_graphql_js(introspection: Path, package: NpmPackage) -> None:
    require(package.prefix, package.spec)
    node = shutil.which("node")
    assert node is not None, "node is needed next to npm"
    done = run([node, "-e", NODE_CHECK, str(introspection)], {**os.environ, "NODE_PATH": str(package.node_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith(package.spec.split("@")[1]), done.stdout
