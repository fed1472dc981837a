// Every GraphQL operation the explorer sends, as plain strings: paste any of them into
// GraphiQL at /graphql to see exactly what the page sees.

const RELATIONSHIP_FIELDS = `
fragment RelationshipFields on Relationship {
  id
  key
  relation
  valence
  symmetric
  source { key name }
  target { key name }
  date
  datePrecision
  validFrom
  validUntil
  location
  supportKinds
  claimedBy { key name }
  stance
  confidence
}`;

const EVIDENCE_FIELDS = `
fragment EvidenceFields on Evidence {
  quote
  source { publisher title authors published url }
}`;

// The enums fill the filters, the legend and the review form; the Actor fields and the Layout
// enum tell whether the server lays the graph out (`position`), the Mutation fields whether it
// takes proposals (`proposeRelationships`): the page works with and without either.
export const VOCABULARY = `
query Vocabulary {
  actorKind: __type(name: "ActorKind") { enumValues { name } }
  relation: __type(name: "Relation") { enumValues { name } }
  valence: __type(name: "Valence") { enumValues { name } }
  layout: __type(name: "Layout") { enumValues { name } }
  actor: __type(name: "Actor") { fields { name } }
  stance: __type(name: "Stance") { enumValues { name } }
  mutation: __type(name: "Mutation") { fields { name } }
}`;

export const ACTOR_COUNT = `
query ActorCount {
  actors { totalCount }
}`;

// `position` below is the selection the page settled on: "" (no layout on the server),
// "position { x y }" or "position(layout: KAMADA_KAWAI) { x y }".

/** One page of actors, with their positions in the server's layout. */
export function actorsQuery(position) {
  return `
query Actors($after: String) {
  actors(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { key name kind ${position} } }
  }
}`;
}

// On a large graph the page opens on one actor's neighbourhood: by default the most connected.
export const MOST_CONNECTED = `
query MostConnected {
  centrality(measure: DEGREE, first: 1) { actor { key } }
}`;

export function neighborhoodQuery(position) {
  return `
query Neighborhood($key: String!) {
  neighborhood(key: $key, depth: 1) {
    actors { key name kind ${position} }
  }
}`;
}

// The date slider sends `asOf`; `where.between` keeps a neighbourhood's own ties.
export const RELATIONSHIPS = `
query Relationships($after: String, $asOf: Date, $where: RelationshipFilter) {
  relationships(first: 100, after: $after, asOf: $asOf, where: $where) {
    pageInfo { hasNextPage endCursor }
    edges { node { ...RelationshipFields } }
  }
}
${RELATIONSHIP_FIELDS}`;

export const ACTOR = `
query Actor($key: String!, $asOf: Date) {
  actor(key: $key, asOf: $asOf) {
    key
    name
    kind
    aliases
    description
    relationships {
      ...RelationshipFields
      evidence { ...EvidenceFields }
    }
  }
}
${RELATIONSHIP_FIELDS}
${EVIDENCE_FIELDS}`;

// A relationship is fetched again through the Node interface by its global id.
export const RELATIONSHIP = `
query Relationship($id: ID!) {
  node(id: $id) {
    ... on Relationship {
      ...RelationshipFields
      evidence { ...EvidenceFields }
    }
  }
}
${RELATIONSHIP_FIELDS}
${EVIDENCE_FIELDS}`;

export const STANCE_MATRIX = `
query StanceMatrix($keys: [String!], $asOf: Date) {
  stanceMatrix(keys: $keys, asOf: $asOf) {
    actors { key name kind }
    cells {
      a { key }
      b { key }
      stance
      relationships { key relation source { name } target { name } date }
    }
  }
}`;

export const PAIR = `
query Pair($a: String!, $b: String!, $asOf: Date) {
  stance(a: $a, b: $b, asOf: $asOf) {
    a { key name }
    b { key name }
    stance
    relationships {
      ...RelationshipFields
      evidence { ...EvidenceFields }
    }
  }
}
${RELATIONSHIP_FIELDS}
${EVIDENCE_FIELDS}`;

// The Review view: proposals from an article's text, accepted or rejected one by one. The
// mutations need a write token (sent as `Authorization: Bearer`).
const CANDIDATE_FIELDS = `
fragment CandidateFields on ActorCandidate {
  key
  name
  kind
  actor { key }
}`;

const PROPOSAL_FIELDS = `
fragment ProposalFields on Proposal {
  id
  status
  relation
  source { ...CandidateFields }
  target { ...CandidateFields }
  date
  datePrecision
  stance
  claimedBy { ...CandidateFields }
  confidence
  quote
  cue
}`;

export const PROPOSE = `
mutation Propose($input: ArticleInput!) {
  proposeRelationships(input: $input) {
    id
    source { id key publisher }
    proposals { ...ProposalFields }
    newActors { ...CandidateFields }
  }
}
${PROPOSAL_FIELDS}
${CANDIDATE_FIELDS}`;

export const PENDING_PROPOSALS = `
query PendingProposals($after: String) {
  proposals(status: PENDING, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { ...ProposalFields } }
  }
}
${PROPOSAL_FIELDS}
${CANDIDATE_FIELDS}`;

// `patch` holds only what the reviewer changed: relation, source, target (actor keys), stance.
export const ACCEPT_PROPOSAL = `
mutation AcceptProposal($id: ID!, $patch: RelationshipPatch) {
  acceptProposal(id: $id, patch: $patch) { ...RelationshipFields }
}
${RELATIONSHIP_FIELDS}`;

export const REJECT_PROPOSAL = `
mutation RejectProposal($id: ID!, $reason: String) {
  rejectProposal(id: $id, reason: $reason) { id status }
}`;
