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
  return (await requestPartial(query, variables, { token })).data;
}

/**
 * Run one operation and return `{ data, codes }`: errors whose `extensions.code` is one of
 * `tolerate` come back in `codes` beside the partial data (a field the server answered null,
 * such as a `position` whose layout is still being computed); any other error is thrown.
 */
export async function requestPartial(query, variables = {}, { token = null, tolerate = [] } = {}) {
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
  const codes = (body.errors ?? []).map((error) => error.extensions?.code ?? null);
  if (codes.length && (!body.data || codes.some((code) => !tolerate.includes(code)))) {
    const told = body.errors.map((error, i) => (codes[i] ? `${error.message} (${codes[i]})` : error.message));
    throw new GraphQLError(told.join("; "), codes);
  }
  if (!response.ok || !body.data) throw new GraphQLError(`/graphql answered ${response.status}`);
  return { data: body.data, codes };
}

/**
 * Every node of a connection, following `pageInfo.endCursor` until the last page (the API
 * hands out at most 100 per page). `pick` finds the connection inside the data; `after`
 * resumes after a page the caller already has; errors coded as one of `tolerate` are added
 * to the set `codes` instead of thrown.
 */
export async function fetchAll(query, variables, pick, after = null, { tolerate = [], codes = new Set() } = {}) {
  const nodes = [];
  do {
    const answer = await requestPartial(query, { ...variables, after }, { tolerate });
    for (const code of answer.codes) codes.add(code);
    const connection = pick(answer.data);
    nodes.push(...connection.edges.map((edge) => edge.node));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after !== null);
  return nodes;
}
