// Apollo Server reference for bench/run.py.
//
// The schema (SDL) and the data come from a JSON file that the benchmark derives from the running mock, so
// that Apollo serves the same schema and the same items without the bench duplicating them. The file is
//   { "sdl": "...", "rootType": "_RootQuery",
//     "collections": { "article": [ {...}, ... ] } }
// and for every collection NAME the root gets NAME(codename, id) (one item) and NAME_All(limit, offset)
// ({ items, totalCount, limit, offset }), the Kontent Delivery shape. Everything else is Apollo's default
// resolvers over plain objects. With "rootValue" in the file (the Wiki.js bench: the data of the mock's
// own answer), that object is every operation's root value and there are no resolvers of our own.
// Introspection is on; no cache or other plugins are added.
//
// Env: BENCH_APOLLO_SPEC (path of the JSON file), BENCH_PORT (port to listen on, 0 = any).
// Prints `apollo listening on http://127.0.0.1:PORT/` when ready.
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";

const spec = JSON.parse(readFileSync(process.env.BENCH_APOLLO_SPEC, "utf8"));
const root = {};
for (const [name, items] of Object.entries(spec.collections)) {
  root[name] = (_parent, { codename, id }) =>
    items.find(
      (it) => (codename != null && it._system_?.codename === codename) || (id != null && it._system_?.id === id),
    ) ?? null;
  root[`${name}_All`] = (_parent, args) => {
    const offset = args.offset ?? 0;
    const limit = args.limit ?? items.length;
    return { items: items.slice(offset, offset + limit), totalCount: items.length, limit, offset };
  };
}

const server = new ApolloServer({
  typeDefs: spec.sdl,
  resolvers: spec.rootValue ? {} : { [spec.rootType]: root },
  rootValue: spec.rootValue,
  introspection: true,
});
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.BENCH_PORT ?? 0) },
});
console.log(`apollo listening on ${url}`);
