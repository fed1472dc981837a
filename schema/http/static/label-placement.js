// Where the graph's labels go: each actor's name in the first free spot round its circle, each
// relationship's label at the first free point along its line, or nowhere when its line is too
// crowded (the page then shows it on hover). `placeLabels` is pure geometry over boxes in the
// SVG's units; `relabel` measures the drawn text and moves it there.

// How far a label may be pushed from its mark: rings of candidate spots, each this much wider.
const RING = 11;
const RINGS = 6;
// Air kept between two labels, and between a label and a circle.
const GAP = 1.5;
// Points along a relationship's line tried for its label, the middle first.
const ALONG = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74];
const CELL = 64;

/** A bucketed set of boxes, so that "does this box hit any placed one" stays cheap. */
class Boxes {
  constructor() {
    this.cells = new Map();
  }

  #each(box, visit) {
    for (let i = Math.floor(box.x0 / CELL); i <= Math.floor(box.x1 / CELL); i += 1) {
      for (let j = Math.floor(box.y0 / CELL); j <= Math.floor(box.y1 / CELL); j += 1) {
        if (visit(`${i},${j}`) === true) return true;
      }
    }
    return false;
  }

  add(box) {
    this.#each(box, (cell) => {
      if (!this.cells.has(cell)) this.cells.set(cell, []);
      this.cells.get(cell).push(box);
    });
  }

  hits(box) {
    return this.#each(box, (cell) => (this.cells.get(cell) ?? []).some((other) => overlaps(box, other)));
  }

  /** How many of the stored boxes (points, for lines) fall inside `box`. */
  count(box) {
    const seen = new Set();
    this.#each(box, (cell) => {
      for (const other of this.cells.get(cell) ?? []) if (overlaps(box, other)) seen.add(other);
    });
    return seen.size;
  }
}

export function overlaps(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function boxAt(cx, cy, w, h, gap = 0) {
  return { x0: cx - w / 2 - gap, x1: cx + w / 2 + gap, y0: cy - h / 2 - gap, y1: cy + h / 2 + gap };
}

/** Centres tried for a w x h label round a circle of radius r at (x, y): below, above, the
 * sides, the corners, then the same again further out. */
function spotsRound({ x, y, r, w, h }) {
  const spots = [];
  for (let ring = 0; ring < RINGS; ring += 1) {
    const d = 2 + ring * RING;
    const down = r + d + h / 2;
    const side = r + d + w / 2;
    const corner = { dx: r * 0.7 + d + w / 2, dy: r * 0.7 + d + h / 2 - 2 };
    spots.push(
      [x, y + down],
      [x, y - down],
      [x + side, y],
      [x - side, y],
      [x + corner.dx, y + corner.dy],
      [x - corner.dx, y + corner.dy],
      [x + corner.dx, y - corner.dy],
      [x - corner.dx, y - corner.dy],
    );
  }
  return spots;
}

/** The point at t along the quadratic curve start-control-end. */
export function along({ start, control, end }, t) {
  const u = 1 - t;
  return {
    x: u * u * start.x + 2 * u * t * control.x + t * t * end.x,
    y: u * u * start.y + 2 * u * t * control.y + t * t * end.y,
  };
}

/**
 * Places labels without overlaps.
 *
 * `nodes`: [{ x, y, r, w, h }], circles with the size of their label, most important first.
 * `edges`: [{ curve: { start, control, end }, w, h }], most important first.
 * `bounds`: { width, height }, the drawing's area: no label is put across its border.
 * Returns { nodes: [{ x, y, ring }], edges: [{ x, y } | null] }: label centres; every actor
 * gets one (on a crowded spot only when no ring has room), a relationship null when its line
 * has no free point.
 */
export function placeLabels(nodes, edges, bounds) {
  const outside = (box) => box.x0 < 0 || box.y0 < 0 || box.x1 > bounds.width || box.y1 > bounds.height;
  const placed = new Boxes();
  for (const node of nodes) placed.add(boxAt(node.x, node.y, 2 * node.r, 2 * node.r));
  // Sample points of the lines: labels prefer spots that cover fewer of them.
  const lines = new Boxes();
  for (const edge of edges) {
    for (let t = 0.1; t < 0.95; t += 0.1) {
      const p = along(edge.curve, t);
      lines.add({ x0: p.x, x1: p.x, y0: p.y, y1: p.y });
    }
  }

  const nodeSpots = nodes.map((node) => {
    const spots = spotsRound(node);
    let best = null;
    for (let i = 0; i < spots.length; i += 1) {
      const ring = Math.floor(i / 8);
      if (best !== null && ring > best.ring) break; // a nearer ring with room always wins
      const [x, y] = spots[i];
      const box = boxAt(x, y, node.w, node.h, GAP);
      if (outside(box) || placed.hits(box)) continue;
      const cost = (i % 8) + 4 * lines.count(box);
      if (best === null || cost < best.cost) best = { x, y, ring, cost };
    }
    const chosen = best ?? { x: spots[0][0], y: spots[0][1], ring: 0 };
    placed.add(boxAt(chosen.x, chosen.y, node.w, node.h));
    return { x: chosen.x, y: chosen.y, ring: chosen.ring };
  });

  const edgeSpots = edges.map((edge) => {
    for (const t of ALONG) {
      const p = along(edge.curve, t);
      const box = boxAt(p.x, p.y, edge.w, edge.h, GAP);
      if (outside(box) || placed.hits(box)) continue;
      placed.add(boxAt(p.x, p.y, edge.w, edge.h));
      return p;
    }
    return null;
  });
  return { nodes: nodeSpots, edges: edgeSpots };
}

/** A label's size, and the offset of its box's centre from its x/y attributes. */
function measure(text) {
  const box = text.getBBox();
  const x = Number(text.getAttribute("x") ?? 0);
  const y = Number(text.getAttribute("y") ?? 0);
  return { w: box.width, h: box.height, dx: box.x + box.width / 2 - x, dy: box.y + box.height / 2 - y };
}

/** Puts a label's box centre at (x, y), in the coordinates of the label's own parent. */
function moveTo(text, { dx, dy }, x, y) {
  text.setAttribute("x", String(Math.round((x - dx) * 10) / 10));
  text.setAttribute("y", String(Math.round((y - dy) * 10) / 10));
}

/**
 * Moves the drawn labels of the graph view apart: actors' names first (the selected one, then
 * the most connected), then the labels of the selected ties, then the rest. A relationship whose
 * label finds no free spot gets the class `crowded` (the stylesheet hides its label until the
 * line is hovered or focused). Does nothing while the view is hidden: its text has no size.
 */
export function relabel(nodeGroup, edgeGroup, { positions, degree, radius, bounds }) {
  const nodeMarks = [...nodeGroup.children];
  if (nodeMarks.length === 0) return;
  if (nodeMarks[0].querySelector(".node-label").getBBox().width === 0) return;
  const rank = (mark) => (mark.classList.contains("selected") ? Infinity : degree.get(mark.dataset.actor) ?? 0);
  nodeMarks.sort((a, b) => rank(b) - rank(a));
  const nodes = nodeMarks.map((mark) => {
    const { x, y } = positions.get(mark.dataset.actor);
    return { ...measure(mark.querySelector(".node-label")), x, y, r: radius(mark.dataset.actor) };
  });
  const touching = (mark) => Number(mark.classList.contains("touching"));
  const edgeMarks = [...edgeGroup.children].sort((a, b) => touching(b) - touching(a));
  const edges = edgeMarks.map((mark) => ({ ...measure(mark.querySelector(".edge-label")), curve: mark.curve }));
  const spots = placeLabels(nodes, edges, bounds);
  nodeMarks.forEach((mark, i) => {
    // Node labels sit in their mark's group, which is translated to the actor's position.
    const spot = spots.nodes[i];
    moveTo(mark.querySelector(".node-label"), nodes[i], spot.x - nodes[i].x, spot.y - nodes[i].y);
  });
  edgeMarks.forEach((mark, i) => {
    const spot = spots.edges[i];
    mark.classList.toggle("crowded", spot === null);
    if (spot !== null) moveTo(mark.querySelector(".edge-label"), edges[i], spot.x, spot.y);
  });
}
