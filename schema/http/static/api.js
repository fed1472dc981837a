// The explorer's only way to the data: POST to the public /graphql endpoint, exactly as any
// other client would. Nothing here knows about the page.

/** The server's errors: the message names each one's `extensions.code` too, and `codes` lists
 * them for the page to tell them apart. */
export class GraphQLError extends Error {
  constructor(message, codes = []) {
    super(message);
    this.codes = codes;
  }
}

/**
 * Run one operation and return its `data`; GraphQL errors become a thrown GraphQLError. A
 * `token` (only mutations need one) goes as `Authorization: Bearer`.
 */
export async function request(query, variables = {}, { token = null } = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch("/graphql", {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GraphQLError(`/graphql answered ${response.status} without JSON`);
  }
  if (body.errors?.length) {
    const codes = body.errors.map((error) => error.extensions?.code ?? null);
    const told = body.errors.map((error, i) => (codes[i] ? `${error.message} (${codes[i]})` : error.message));
    throw new GraphQLError(told.join("; "), codes);
  }
  if (!response.ok || !body.data) throw new GraphQLError(`/graphql answered ${response.status}`);
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
