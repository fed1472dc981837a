// The explorer's only way to the data: POST to the public /graphql endpoint, exactly as any
// other client would. Nothing here knows about the page.

export class GraphQLError extends Error {}

/** Run one operation and return its `data`; GraphQL errors become a thrown GraphQLError. */
export async function request(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GraphQLError(`/graphql answered ${response.status} without JSON`);
  }
  if (body.errors?.length) {
    throw new GraphQLError(body.errors.map((error) => error.message).join("; "));
  }
  return body.data;
}

/**
 * Every node of a connection, following `pageInfo.endCursor` until the last page (the API
 * hands out at most 100 per page). `pick` finds the connection inside the data; `after`
 * resumes after a page the caller already has.
 */
export async function fetchAll(query, variables, pick, after = null) {
  const nodes = [];
  do {
    const connection = pick(await request(query, { ...variables, after }));
    nodes.push(...connection.edges.map((edge) => edge.node));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after !== null);
  return nodes;
}
