// The explorer's entry point: loads actors and relationships from /graphql, keeps what is
// selected, and hands the pieces to the graph view, the matrix view and the side panel.

import { fetchAll, request, requestPartial } from "./api.js";
import { Filters, datesOf, fillLegend } from "./filters.js";
import { GraphView } from "./graph-view.js";
import { renderMatrix } from "./matrix-view.js";
import { Panel } from "./panel.js";
import * as Q from "./queries.js";
import { ReviewView } from "./review-view.js";

// Past this many actors the page opens on one actor's neighbourhood; the exports serve the rest.
const LARGE = 300;
// The matrix keeps this many of the most connected actors, so it stays readable.
const MATRIX_MAX = 30; // 870 cells: within the server's --max-list (1,000) and --max-cost
// Past this many relationships their labels start as hidden: they would cover the lines.
const EDGE_LABELS_MAX = 80;
// A position the server cannot give now: its layout is being computed (ask again later), or
// refused for this many actors. The page draws its own layout meanwhile, or instead.
const LAYOUT_CODES = ["LAYOUT_PENDING", "LAYOUT_TOO_LARGE"];
// How often, and how many times, the page asks again for a pending layout.
const LAYOUT_RETRY_MS = 1000;
const LAYOUT_RETRIES = 120;

const $ = (selector) => document.querySelector(selector);

const state = {
  layouts: null, // the server's Layout names, or null when it has no `Actor.position`
  layoutCodes: new Set(), // why the server gave no positions (LAYOUT_CODES), if it did not
  kindOrder: [],
  total: 0,
  actors: [],
  keys: new Set(), // of `actors`, to tell which relationships have both ends drawn
  centre: null, // key of the actor whose neighbourhood is shown, or null for the whole graph
  relationships: [], // as of the slider's date, before the page's own filters
  byDate: new Map(),
  selection: null, // { type: "actor", key } | { type: "relationship", id } | { type: "pair", a, b }
  shown: null, // what the panel last rendered, to redraw it when the filters change
  view: "graph",
  generation: 0,
  loads: 0, // how many times the graph was loaded: a layout asked for an older load is dropped
  layoutTries: 0,
};

const graph = new GraphView($("#graph-svg"), {
  onActor: (key) => run(() => selectActor(key)),
  onRelationship: (rel) => run(() => selectRelationship(rel.id)),
  onBackground: () => clearSelection(),
});
const panel = new Panel($("#panel"), {
  onActor: (key) => run(() => selectActor(key)),
  onRelationship: (rel) => run(() => selectRelationship(rel.id)),
  onCentre: (key) => run(() => centreOn(key)),
});
// An accepted proposal is a new relationship (maybe new actors): the graph reloads at once.
const review = new ReviewView($("#review"), { onAccepted: () => run(reloadGraph) });
const filters = new Filters({
  onFilter: () => {
    redraw();
    redrawPanel();
  },
  onDate: () => run(changeDate),
});

// Loading shows in data-state, which tests and screen readers (aria-busy) both watch.
let pending = 0;
async function run(task) {
  pending += 1;
  $("#explorer").dataset.state = "loading";
  $("#explorer").setAttribute("aria-busy", "true");
  try {
    await task();
  } catch (error) {
    console.error(error);
    $("#error").textContent = `Could not load from /graphql: ${error.message}`;
    $("#error").hidden = false;
  } finally {
    pending -= 1;
    if (pending === 0) {
      $("#explorer").dataset.state = "ready";
      $("#explorer").removeAttribute("aria-busy");
    }
  }
}

function hashActor() {
  return new URLSearchParams(location.hash.slice(1)).get("actor");
}

function onGraph(rel) {
  return filters.matches(rel) && state.keys.has(rel.source.key) && state.keys.has(rel.target.key);
}

/** The position selection: Kamada-Kawai reads best on a whole small graph (the server offers
 * it up to 300 actors, the page's own limit); the default layout otherwise. */
function positionSelection(whole) {
  if (state.layouts === null) return "";
  return whole && state.layouts.includes("KAMADA_KAWAI")
    ? "position(layout: KAMADA_KAWAI) { x y }"
    : "position { x y }";
}

/** The actors to draw (the whole graph, or `key`'s neighbourhood), and the set of layout
 * codes the server answered their positions with (empty when it gave every position). */
async function fetchActors(key) {
  const codes = new Set();
  if (key === null) {
    const query = Q.actorsQuery(positionSelection(true));
    const actors = await fetchAll(query, {}, (data) => data.actors, null, { tolerate: LAYOUT_CODES, codes });
    return { actors, codes };
  }
  const query = Q.neighborhoodQuery(positionSelection(false));
  const answer = await requestPartial(query, { key }, { tolerate: LAYOUT_CODES });
  return { actors: answer.data.neighborhood.actors, codes: new Set(answer.codes) };
}

async function loadActors(centre) {
  state.total = (await request(Q.ACTOR_COUNT)).actors.totalCount;
  if (state.total <= LARGE) {
    state.centre = null;
    ({ actors: state.actors, codes: state.layoutCodes } = await fetchActors(null));
    return;
  }
  let key = centre ?? (await request(Q.MOST_CONNECTED)).centrality[0].actor.key;
  let found;
  try {
    found = await fetchActors(key);
  } catch (error) {
    if (centre === null) throw error;
    // An unknown actor in the address: fall back to the most connected one.
    key = (await request(Q.MOST_CONNECTED)).centrality[0].actor.key;
    found = await fetchActors(key);
  }
  state.centre = key;
  ({ actors: state.actors, codes: state.layoutCodes } = found);
}

/** While the server computes the layout, the graph is drawn in the page's own; ask again
 * now and then, and redraw in the server's layout once it is ready. */
function awaitLayout() {
  $("#graph-svg").dataset.layout = state.layoutCodes.size ? "page" : "server";
  if (!state.layoutCodes.has("LAYOUT_PENDING") || state.layoutTries >= LAYOUT_RETRIES) return;
  const load = state.loads;
  const centre = state.centre;
  state.layoutTries += 1;
  setTimeout(async () => {
    if (load !== state.loads) return; // the graph was loaded again meanwhile
    let found;
    try {
      found = await fetchActors(centre);
    } catch (error) {
      console.warn("could not ask for the layout again", error);
      return;
    }
    if (load !== state.loads) return;
    state.layoutCodes = found.codes;
    if (found.codes.size === 0) {
      const places = new Map(found.actors.map((actor) => [actor.key, actor.position]));
      for (const actor of state.actors) actor.position = places.get(actor.key) ?? actor.position;
      graph.setActors(state.actors);
      redraw();
    }
    awaitLayout();
  }, LAYOUT_RETRY_MS);
}

async function loadRelationships(asOf) {
  const cacheKey = asOf ?? "latest";
  if (!state.byDate.has(cacheKey)) {
    const where = state.centre === null ? null : { between: [...state.keys] };
    const rels = await fetchAll(Q.RELATIONSHIPS, { asOf, where }, (data) => data.relationships);
    state.byDate.set(cacheKey, rels);
  }
  return state.byDate.get(cacheKey);
}

async function loadGraph(centre) {
  state.loads += 1;
  state.layoutTries = 0;
  await loadActors(centre);
  awaitLayout();
  state.keys = new Set(state.actors.map((actor) => actor.key));
  state.byDate.clear();
  graph.setActors(state.actors);
  filters.setDates(datesOf(await loadRelationships(null)));
  state.relationships = await loadRelationships(filters.asOf);
  const scope = $("#scope");
  if (state.centre === null) {
    scope.hidden = true;
  } else {
    const name = state.actors.find((actor) => actor.key === state.centre)?.name ?? state.centre;
    scope.textContent = `The graph has ${state.total} actors: showing the ${state.actors.length} around ${name}. Pick another actor and “Show its neighbourhood” to move.`;
    scope.hidden = false;
  }
}

function redraw() {
  const visible = state.relationships.filter(onGraph);
  const selection = state.selection;
  graph.render(visible, {
    actor: selection?.type === "actor" ? selection.key : null,
    relationship: selection?.type === "relationship" ? selection.id : null,
  });
  const asOf = filters.asOf;
  $("#status").textContent =
    `${state.actors.length} actors · ${visible.length} of ${state.relationships.length} relationships shown` +
    (asOf ? ` · as of ${asOf}` : "");
}

function redrawPanel() {
  const shown = state.shown;
  if (shown?.type === "actor") panel.actor(shown.data, { visible: onGraph, canCentre: shown.canCentre });
  if (shown?.type === "pair") panel.pair(shown.data, { visible: onGraph });
}

function setHash(key) {
  const url = key === null ? location.pathname + location.search : `#actor=${encodeURIComponent(key)}`;
  history.replaceState(null, "", url);
}

function clearSelection() {
  state.selection = null;
  state.shown = null;
  setHash(null);
  redraw();
  panel.clear();
}

// Each select* fetches the panel's content for the current date; a later click wins.
async function selectActor(key) {
  const selection = { type: "actor", key };
  state.selection = selection;
  setHash(key);
  redraw();
  panel.loading("Actor");
  const { actor } = await request(Q.ACTOR, { key, asOf: filters.asOf });
  if (state.selection !== selection) return;
  if (actor === null) {
    panel.error(`There is no actor “${key}”.`);
    return;
  }
  const canCentre = state.centre !== null && key !== state.centre;
  state.shown = { type: "actor", data: actor, canCentre };
  redrawPanel();
}

async function selectRelationship(id) {
  const selection = { type: "relationship", id };
  state.selection = selection;
  redraw();
  panel.loading("Relationship");
  const { node } = await request(Q.RELATIONSHIP, { id });
  if (state.selection !== selection) return;
  state.shown = { type: "relationship", data: node };
  panel.relationship(node);
}

async function selectPair(a, b) {
  const selection = { type: "pair", a, b };
  state.selection = selection;
  panel.loading("Pair");
  const { stance } = await request(Q.PAIR, { a, b, asOf: filters.asOf });
  if (state.selection !== selection) return;
  state.shown = { type: "pair", data: stance };
  redrawPanel();
}

async function refreshSelection() {
  const selection = state.selection;
  if (selection?.type === "actor") await selectActor(selection.key);
  if (selection?.type === "pair") await selectPair(selection.a, selection.b);
}

async function centreOn(key) {
  await loadGraph(key);
  redraw();
  if (state.view === "matrix") await showMatrix(++state.generation);
  await selectActor(key);
}

async function reloadGraph() {
  state.generation += 1;
  await loadGraph(state.centre);
  redraw();
}

async function changeDate() {
  const generation = ++state.generation;
  const relationships = await loadRelationships(filters.asOf);
  if (generation !== state.generation) return; // the slider moved on meanwhile
  state.relationships = relationships;
  redraw();
  if (state.view === "matrix") await showMatrix(generation);
  await refreshSelection();
}

/** The matrix axes: actors grouped by kind, the most connected first when there are many. */
function matrixKeys() {
  const degree = new Map();
  for (const rel of state.relationships) {
    for (const key of [rel.source.key, rel.target.key]) degree.set(key, (degree.get(key) ?? 0) + 1);
  }
  const chosen = [...state.actors]
    .sort((a, b) => (degree.get(b.key) ?? 0) - (degree.get(a.key) ?? 0) || a.name.localeCompare(b.name))
    .slice(0, MATRIX_MAX);
  const rank = (actor) => state.kindOrder.indexOf(actor.kind);
  chosen.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  $("#matrix-note").textContent =
    `How each pair stands${filters.asOf ? ` as of ${filters.asOf}` : ""}, from all their relationships` +
    (state.actors.length > MATRIX_MAX ? ` — the ${MATRIX_MAX} most connected of ${state.actors.length} actors.` : ".") +
    " Hover a cell for its relationships, click it for their evidence.";
  return chosen.map((actor) => actor.key);
}

async function showMatrix(generation = state.generation) {
  const { stanceMatrix } = await request(Q.STANCE_MATRIX, { keys: matrixKeys(), asOf: filters.asOf });
  if (generation !== state.generation) return;
  renderMatrix($("#matrix-table"), stanceMatrix, { onCell: (a, b) => run(() => selectPair(a, b)) });
}

async function showView(view) {
  state.view = view;
  $("#explorer").dataset.view = view;
  for (const name of ["graph", "matrix", "review"]) {
    $(`#${name}`).hidden = name !== view;
    $(`#view-${name}`).setAttribute("aria-pressed", String(name === view));
  }
  filters.setGraphOnlyEnabled(view === "graph");
  if (view === "graph") graph.relabel(); // text hidden with its view had no size to place by
  if (view === "matrix") await showMatrix();
  if (view === "review") await review.show();
}

async function start() {
  const vocabulary = await request(Q.VOCABULARY);
  const hasPosition = vocabulary.actor.fields.some((field) => field.name === "position");
  state.layouts = hasPosition ? (vocabulary.layout?.enumValues ?? []).map(({ name }) => name) : null;
  state.kindOrder = vocabulary.actorKind.enumValues.map(({ name }) => name);
  const names = (type) => (type?.enumValues ?? []).map(({ name }) => name);
  review.setVocabulary({ relations: names(vocabulary.relation), stances: names(vocabulary.stance) });
  $("#view-review").hidden = !vocabulary.mutation?.fields.some(({ name }) => name === "proposeRelationships");
  filters.fill(vocabulary);
  fillLegend(vocabulary);
  const wanted = hashActor();
  await loadGraph(wanted);
  if (state.relationships.length > EDGE_LABELS_MAX) {
    $("#edge-labels").checked = false;
    $("#graph-svg").classList.add("hide-edge-labels");
  }
  redraw();
  if (wanted !== null && state.actors.some((actor) => actor.key === wanted)) {
    await selectActor(wanted);
  } else {
    panel.clear();
  }
}

$("#view-graph").addEventListener("click", () => run(() => showView("graph")));
$("#view-matrix").addEventListener("click", () => run(() => showView("matrix")));
$("#view-review").addEventListener("click", () => run(() => showView("review")));
$("#zoom-in").addEventListener("click", () => graph.zoomBy(1 / 1.25));
$("#zoom-out").addEventListener("click", () => graph.zoomBy(1.25));
$("#zoom-reset").addEventListener("click", () => graph.reset());
$("#edge-labels").addEventListener("change", (event) => {
  $("#graph-svg").classList.toggle("hide-edge-labels", !event.target.checked);
});
window.addEventListener("hashchange", () => {
  const key = hashActor();
  if (key === null || (state.selection?.type === "actor" && state.selection.key === key)) return;
  run(() => (state.actors.some((actor) => actor.key === key) ? selectActor(key) : centreOn(key)));
});

run(start);
