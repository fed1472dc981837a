// Drives a live alliance-graph with Apollo Client, as a browser app would, and fails (exit 1,
// saying what) unless: (a) automatic persisted queries go through createPersistedQueryLink,
// (b) a dated actor stays dated in InMemoryCache once today's view is fetched, (c) a
// BatchHttpLink batch gets every result. Usage: node client.mjs http://127.0.0.1:8000/graphql
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { BatchHttpLink } from "@apollo/client/link/batch-http";
import { createPersistedQueryLink } from "@apollo/client/link/persisted-queries";

const uri = process.argv[2];
const sent = [];

/** fetch, remembering each request and what came back. */
async function recordingFetch(url, init = {}) {
  const response = await fetch(url, init);
  const text = await response.clone().text();
  sent.push({
    method: init.method ?? "GET",
    url: String(url),
    body: init.body ?? null,
    status: response.status,
    etag: response.headers.get("etag"),
    cacheControl: response.headers.get("cache-control"),
    answer: text,
  });
  return response;
}

const sha256 = (text) => createHash("sha256").update(text).digest("hex");

async function persistedQueries() {
  const link = createPersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(
    new HttpLink({ uri, fetch: recordingFetch }),
  );
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const query = gql`
    query Iran {
      actor(key: "iran") {
        id
        name
      }
    }
  `;
  const first = await client.query({ query, fetchPolicy: "network-only" });
  assert.equal(first.data.actor.name, "Iran");
  const [unknown, retry] = sent.splice(0);
  assert.equal(unknown.method, "GET");
  assert.ok(!new URL(unknown.url).searchParams.has("query"), "the first GET sends the hash alone");
  assert.equal(unknown.status, 200);
  assert.equal(JSON.parse(unknown.answer).errors[0].extensions.code, "PERSISTED_QUERY_NOT_FOUND");
  assert.equal(retry.method, "POST");
  assert.ok(JSON.parse(retry.body).query.includes("Iran"), "the retry sends the query");
  assert.equal(retry.status, 200);

  const second = await client.query({ query, fetchPolicy: "network-only" });
  assert.equal(second.data.actor.name, "Iran");
  const [hashed] = sent.splice(0);
  assert.equal(hashed.method, "GET");
  assert.ok(!new URL(hashed.url).searchParams.has("query"), "the next query sends the hash alone");
  assert.equal(hashed.status, 200);
  assert.ok(hashed.etag, "a hash-only GET carries an ETag");
  assert.match(hashed.cacheControl, /public/);
  return { unknown: unknown.status, retry: retry.status, hashed: hashed.status, etag: hashed.etag };
}

async function timeTravel() {
  const client = new ApolloClient({
    link: new HttpLink({ uri, fetch: recordingFetch }),
    cache: new InMemoryCache(),
  });
  const query = gql`
    query Rouhani($asOf: Date) {
      actor(key: "rouhani", asOf: $asOf) {
        id
        key
        relationships {
          id
          key
        }
      }
    }
  `;
  const seen = [];
  const watched = client.watchQuery({ query, variables: { asOf: "2016-08-10" } });
  const subscription = watched.subscribe((result) => {
    if (result.data?.actor) seen.push(result.data.actor);
  });
  const dated = await client.query({ query, variables: { asOf: "2016-08-10" } });
  const today = await client.query({ query, variables: {} });
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the watch hear of any change
  subscription.unsubscribe();
  const cached = client.readQuery({ query, variables: { asOf: "2016-08-10" } });
  assert.notEqual(dated.data.actor.id, today.data.actor.id);
  assert.notDeepEqual(dated.data.actor.relationships, today.data.actor.relationships);
  assert.deepEqual(cached.actor, dated.data.actor, "the dated view is unchanged in the cache");
  assert.deepEqual(seen.at(-1), dated.data.actor, "the watched dated view never switched");
  sent.splice(0);
  return {
    dated: dated.data.actor.relationships.length,
    today: today.data.actor.relationships.length,
  };
}

async function batching() {
  const client = new ApolloClient({
    link: new BatchHttpLink({ uri, fetch: recordingFetch, batchMax: 10, batchInterval: 20 }),
    cache: new InMemoryCache(),
  });
  const actor = gql`
    query Actor($key: String!) {
      actor(key: $key) {
        id
        name
      }
    }
  `;
  const [iran, russia] = await Promise.all([
    client.query({ query: actor, variables: { key: "iran" } }),
    client.query({ query: actor, variables: { key: "russia" } }),
  ]);
  assert.equal(iran.data.actor.name, "Iran");
  assert.equal(russia.data.actor.name, "Russia");
  const requests = sent.splice(0);
  assert.equal(requests.length, 1, "both queries went in one request");
  assert.equal(JSON.parse(requests[0].body).length, 2);
  return { requests: requests.length, operations: 2 };
}

const report = {
  persistedQueries: await persistedQueries(),
  timeTravel: await timeTravel(),
  batching: await batching(),
};
console.log(JSON.stringify(report));
