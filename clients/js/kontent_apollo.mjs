// Runs GraphQL documents through a real Apollo Client, as a frontend app points it at an endpoint.
//
// stdin: {"nodeModules": "<dir holding @apollo/client>", "fetchPolicy": "no-cache" or
//   "cache-first" (an app's default: the answer is normalised and read back), "documents":
//   [{"name", "query", "variables", "url", "headers", "get"}]}; stdout: one JSON line per document,
//   {"name", "data", "errors", "networkError", "status", "urlLength"}: the HTTP status of a
//   refusal and the length of the URL Apollo fetched (a GET's query string counts against limits).
// Apollo comes from the project's install cache, not from a package.json next to this file, so it
// is loaded with a require() rooted there (ES imports ignore NODE_PATH).
import { createRequire } from "node:module";
import { join } from "node:path";

const POSSIBLE_TYPES = `{ __schema { types { kind name possibleTypes { name } } } }`;

async function readJob() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

// Apollo's documented recipe, as apps configure the cache: without possibleTypes a fragment whose
// type condition is a union or interface cannot be matched when results are read from the cache.
async function possibleTypes(url, headers) {
  const answer = await fetch(url, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify({ query: POSSIBLE_TYPES }),
  });
  const types = (await answer.json()).data.__schema.types;
  return Object.fromEntries(
    types.filter((type) => type.possibleTypes).map((type) => [type.name, type.possibleTypes.map((t) => t.name)]),
  );
}

function client(apollo, document, types, fetched, fetchPolicy) {
  const recording = (url, init) => {
    fetched.push(String(url));
    return fetch(url, init);
  };
  return new apollo.ApolloClient({
    link: new apollo.HttpLink({
      uri: document.url,
      headers: document.headers,
      fetch: recording,
      useGETForQueries: document.get,
    }),
    cache: new apollo.InMemoryCache({ possibleTypes: types }),
    defaultOptions: { query: { fetchPolicy, errorPolicy: "all" } },
  });
}

async function answer(apollo, document, types, fetched, fetchPolicy) {
  try {
    const result = await client(apollo, document, types, fetched, fetchPolicy).query({
      query: apollo.gql(document.query),
      variables: document.variables,
    });
    return { data: result.data ?? null, errors: result.errors ?? null, networkError: null, status: null };
  } catch (error) {
    const networkError = error.networkError ? String(error.networkError.message) : String(error.message);
    const status = error.networkError?.statusCode ?? null;
    return { data: null, errors: error.graphQLErrors ?? null, networkError, status };
  }
}

async function run(apollo, document, types, fetchPolicy) {
  const fetched = [];
  const result = await answer(apollo, document, types, fetched, fetchPolicy);
  return { name: document.name, ...result, urlLength: fetched.length ? fetched[0].length : null };
}

const job = await readJob();
const apollo = createRequire(join(job.nodeModules, "noop.js"))("@apollo/client/core");
const typesByUrl = new Map();
for (const document of job.documents) {
  if (!typesByUrl.has(document.url)) typesByUrl.set(document.url, await possibleTypes(document.url, document.headers));
  process.stdout.write(JSON.stringify(await run(apollo, document, typesByUrl.get(document.url), job.fetchPolicy)) + "\n");
}
