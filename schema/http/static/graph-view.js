// The graph view: one SVG mark per actor and per visible relationship, drawn at the server's
// layout (fitted to the view box), with pan (drag the background) and zoom (wheel, buttons).

import { s, words } from "./dom.js";
import { relabel } from "./label-placement.js";

// The view box takes the SVG's size in pixels when drawn (this default while it is hidden), so a
// unit is a pixel at the start and text sizes in the stylesheet mean what they say.
const DEFAULT_SIZE = { width: 1000, height: 680 };
// Room round the drawing for labels, which run wide under their marks.
const MARGIN = { x: 120, y: 45 };
// Parallel relationships between one pair bow apart by this much each.
const SPREAD = 26;

/** Positions fitted to a width x height box: the server's layout, else a circle by kind. */
export function fitPositions(actors, { width, height }) {
  const raw = new Map();
  if (actors.length > 0 && actors.every((actor) => actor.position)) {
    for (const actor of actors) raw.set(actor.key, { ...actor.position });
  } else {
    // Fallback for servers without `Actor.position`: kinds stay together round the circle.
    const ordered = [...actors].sort(
      (a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name),
    );
    ordered.forEach((actor, i) => {
      const angle = (2 * Math.PI * i) / ordered.length - Math.PI / 2;
      raw.set(actor.key, { x: Math.cos(angle), y: Math.sin(angle) });
    });
  }
  const xs = [...raw.values()].map((p) => p.x);
  const ys = [...raw.values()].map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // One scale for both axes keeps the layout's proportions; a lone actor sits in the middle.
  const scale = Math.min(
    (width - 2 * MARGIN.x) / (maxX - minX || 1),
    (height - 2 * MARGIN.y) / (maxY - minY || 1),
  );
  const offsetX = (width - (maxX - minX) * scale) / 2;
  const offsetY = (height - (maxY - minY) * scale) / 2;
  const fitted = new Map();
  for (const [key, p] of raw) {
    fitted.set(key, { x: offsetX + (p.x - minX) * scale, y: offsetY + (p.y - minY) * scale });
  }
  return fitted;
}

function towards(from, to, distance) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  return { x: from.x + (dx / length) * distance, y: from.y + (dy / length) * distance };
}

function round(n) {
  return Math.round(n * 10) / 10;
}

export class GraphView {
  constructor(svg, { onActor, onRelationship, onBackground }) {
    this.svg = svg;
    this.handlers = { onActor, onRelationship, onBackground };
    this.size = DEFAULT_SIZE;
    this.box = { x: 0, y: 0, w: this.size.width, h: this.size.height };
    this.positions = new Map();
    this.edges = s("g", { class: "edges" });
    this.nodes = s("g", { class: "nodes" });
    svg.append(this.#markers(), this.edges, this.nodes);
    this.#applyBox();
    this.#enablePanZoom();
  }

  setActors(actors) {
    const { width, height } = this.svg.getBoundingClientRect();
    if (width > 0 && height > 0) this.size = { width, height };
    this.actors = actors;
    this.positions = fitPositions(actors, this.size);
    this.reset();
  }

  /** Redraw every mark; the selected actor's ties, or the selected relationship, stand out. */
  render(relationships, selected) {
    const degree = new Map();
    for (const rel of relationships) {
      for (const key of [rel.source.key, rel.target.key]) degree.set(key, (degree.get(key) ?? 0) + 1);
    }
    const radius = (key) => 7 + 2.2 * Math.sqrt(degree.get(key) ?? 0);
    this.edges.replaceChildren(...this.#edgeMarks(relationships, radius, selected));
    this.nodes.replaceChildren(
      ...this.actors.map((actor) => this.#nodeMark(actor, radius(actor.key), selected)),
    );
    this.svg.classList.toggle("has-selection", selected.actor !== null || selected.relationship !== null);
    this.importance = { degree, radius };
    this.relabel();
  }

  /** Moves the labels apart (see label-placement.js); showing the view again calls this, as
   * text hidden with its view cannot be measured. */
  relabel() {
    relabel(this.nodes, this.edges, { positions: this.positions, bounds: this.size, ...this.importance });
  }

  zoomBy(factor) {
    this.#zoomAt({ x: this.box.x + this.box.w / 2, y: this.box.y + this.box.h / 2 }, factor);
  }

  reset() {
    this.box = { x: 0, y: 0, w: this.size.width, h: this.size.height };
    this.#applyBox();
  }

  #markers() {
    // One arrowhead per valence: markers cannot take their colour from the line using them.
    const markers = ["COOPERATIVE", "HOSTILE", "NEUTRAL"].map((valence) =>
      s(
        "marker",
        {
          id: `arrow-${valence}`,
          class: `arrow valence-${valence}`,
          viewBox: "0 0 10 10",
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          markerUnits: "userSpaceOnUse",
          orient: "auto",
        },
        s("path", { d: "M0,0 L10,5 L0,10 z" }),
      ),
    );
    return s("defs", {}, markers);
  }

  #edgeMarks(relationships, radius, selected) {
    // Group by unordered pair so parallel ties bow apart the same way whatever their direction.
    const pairs = new Map();
    for (const rel of relationships) {
      const pair = [rel.source.key, rel.target.key].sort().join("|");
      if (!pairs.has(pair)) pairs.set(pair, []);
      pairs.get(pair).push(rel);
    }
    const marks = [];
    for (const [pair, rels] of pairs) {
      const [first, second] = pair.split("|").map((key) => this.positions.get(key));
      if (!first || !second) continue;
      const dx = second.x - first.x;
      const dy = second.y - first.y;
      const length = Math.hypot(dx, dy) || 1;
      rels.forEach((rel, i) => {
        const offset = (i - (rels.length - 1) / 2) * SPREAD;
        const control = {
          x: (first.x + second.x) / 2 - (dy / length) * offset,
          y: (first.y + second.y) / 2 + (dx / length) * offset,
        };
        marks.push(this.#edgeMark(rel, control, radius, selected));
      });
    }
    return marks;
  }

  #edgeMark(rel, control, radius, selected) {
    const p = this.positions.get(rel.source.key);
    const q = this.positions.get(rel.target.key);
    // Start and stop at the circles' rims so the arrowheads are not hidden under the target.
    const start = towards(p, control, radius(rel.source.key));
    const end = towards(q, control, radius(rel.target.key) + 1);
    const d = `M${round(start.x)},${round(start.y)} Q${round(control.x)},${round(control.y)} ${round(end.x)},${round(end.y)}`;
    const mid = {
      x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
      y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y,
    };
    const curve = { start, control, end };
    const summary = `${rel.source.name} ${words(rel.relation)} ${rel.target.name}`;
    const touching =
      rel.id === selected.relationship ||
      rel.source.key === selected.actor ||
      rel.target.key === selected.actor;
    const activate = () => this.handlers.onRelationship(rel);
    const mark = s(
      "g",
      {
        class: `edge valence-${rel.valence} stance-${rel.stance}${touching ? " touching" : ""}`,
        "data-relationship": rel.key,
        tabindex: 0,
        role: "button",
        "aria-label": summary,
        onclick: activate,
        onkeydown: (event) => activateOnKey(event, activate),
      },
      s("title", {}, `${summary}${rel.date ? ` (${rel.date})` : ""}, ${rel.stance.toLowerCase()}`),
      s("path", { class: "edge-hit", d }),
      s("path", {
        class: "edge-line",
        d,
        "marker-end": rel.symmetric ? null : `url(#arrow-${rel.valence})`,
      }),
      s("text", { class: "edge-label", x: round(mid.x), y: round(mid.y) }, words(rel.relation)),
    );
    mark.curve = curve; // where its label may go
    return mark;
  }

  #nodeMark(actor, r, selected) {
    const { x, y } = this.positions.get(actor.key);
    const activate = () => this.handlers.onActor(actor.key);
    return s(
      "g",
      {
        class: `node kind-${actor.kind}${actor.key === selected.actor ? " selected" : ""}`,
        "data-actor": actor.key,
        transform: `translate(${round(x)},${round(y)})`,
        tabindex: 0,
        role: "button",
        "aria-label": `${actor.name}, ${words(actor.kind)}`,
        onclick: activate,
        onkeydown: (event) => activateOnKey(event, activate),
      },
      s("title", {}, `${actor.name} (${words(actor.kind)})`),
      s("circle", { r: round(r) }),
      s("text", { class: "node-label", y: round(r + 13) }, actor.name),
    );
  }

  #applyBox() {
    const { x, y, w, h } = this.box;
    this.svg.setAttribute("viewBox", `${round(x)} ${round(y)} ${round(w)} ${round(h)}`);
  }

  #toBox(event) {
    const point = new DOMPoint(event.clientX, event.clientY);
    return point.matrixTransform(this.svg.getScreenCTM().inverse());
  }

  #zoomAt(point, factor) {
    // From a tenth of the graph's width (close up) to four times it (far out).
    const w = Math.min(this.size.width * 4, Math.max(this.size.width / 10, this.box.w * factor));
    const applied = w / this.box.w;
    this.box = {
      x: point.x - (point.x - this.box.x) * applied,
      y: point.y - (point.y - this.box.y) * applied,
      w,
      h: this.box.h * applied,
    };
    this.#applyBox();
  }

  #enablePanZoom() {
    let grab = null;
    let moved = false;
    this.svg.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || event.target.closest("[data-actor], [data-relationship]")) return;
      // The grabbed point stays under the pointer: shift the box by how far it drifted.
      grab = this.#toBox(event);
      moved = false;
      this.svg.setPointerCapture(event.pointerId);
      this.svg.classList.add("panning");
    });
    this.svg.addEventListener("pointermove", (event) => {
      if (grab === null) return;
      const now = this.#toBox(event);
      if (Math.hypot(now.x - grab.x, now.y - grab.y) > 0.5) moved = true;
      this.box = { ...this.box, x: this.box.x + grab.x - now.x, y: this.box.y + grab.y - now.y };
      this.#applyBox();
    });
    const release = (clicked) => {
      // A press on the background that did not pan is a click: it clears the selection.
      if (grab !== null && clicked && !moved) this.handlers.onBackground();
      grab = null;
      this.svg.classList.remove("panning");
    };
    this.svg.addEventListener("pointerup", () => release(true));
    this.svg.addEventListener("pointercancel", () => release(false));
    this.svg.addEventListener(
      "wheel",
      (event) => {
        event.preventDefault();
        this.#zoomAt(this.#toBox(event), Math.exp(event.deltaY * 0.0015));
      },
      { passive: false },
    );
  }
}

function activateOnKey(event, activate) {
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    activate();
  }
}
