// The matrix view: the friendship chart. Rows and columns are actors; each cell is the pair's
// stance as the server classifies it, with the relationships why on hover (title) or click.

import { h, words } from "./dom.js";

// A symbol beside each colour, so the chart reads without colour vision too.
const SYMBOLS = { COOPERATIVE: "+", HOSTILE: "−", MIXED: "±", NEUTRAL: "○", NONE: "" };

function tooltip(a, b, cell) {
  if (cell.relationships.length === 0) return `${a.name} and ${b.name}: no relationship`;
  const lines = cell.relationships.map(
    (rel) => `${rel.source.name} ${words(rel.relation)} ${rel.target.name}${rel.date ? ` (${rel.date})` : ""}`,
  );
  return `${a.name} and ${b.name}: ${words(cell.stance)}\n${lines.join("\n")}`;
}

export function renderMatrix(container, matrix, { onCell }) {
  const cells = new Map(matrix.cells.map((cell) => [`${cell.a.key}|${cell.b.key}`, cell]));
  const head = h(
    "tr",
    {},
    h("td", { class: "corner" }),
    matrix.actors.map((actor) =>
      h("th", { scope: "col", class: `col kind-${actor.kind}`, "data-col": actor.key }, h("span", {}, actor.name)),
    ),
  );
  const rows = matrix.actors.map((a) =>
    h(
      "tr",
      {},
      h("th", { scope: "row", class: `row kind-${a.kind}`, "data-row": a.key }, a.name),
      matrix.actors.map((b) => {
        if (a.key === b.key) return h("td", { class: "diagonal" });
        const cell = cells.get(`${a.key}|${b.key}`);
        const symbol = SYMBOLS[cell.stance] ?? "?";
        return h(
          "td",
          {
            class: `cell stance-${cell.stance}`,
            "data-cell": `${a.key}|${b.key}`,
            "data-stance": cell.stance,
            "data-a": a.key,
            "data-b": b.key,
            title: tooltip(a, b, cell),
          },
          // Only cells with relationships are buttons: the empty ones have nothing to show.
          cell.relationships.length > 0
            ? h(
                "button",
                {
                  type: "button",
                  "aria-label": `${a.name} and ${b.name}: ${words(cell.stance)}`,
                  onclick: () => onCell(a.key, b.key),
                },
                symbol,
              )
            : symbol,
        );
      }),
    ),
  );
  const table = h("table", { class: "matrix" }, h("thead", {}, head), h("tbody", {}, rows));
  // Light up the row and column headers of the cell under the pointer.
  table.addEventListener("pointerover", (event) => {
    const cell = event.target.closest("td.cell");
    for (const lit of table.querySelectorAll(".lit")) lit.classList.remove("lit");
    if (!cell) return;
    table.querySelector(`[data-row="${CSS.escape(cell.dataset.a)}"]`)?.classList.add("lit");
    table.querySelector(`[data-col="${CSS.escape(cell.dataset.b)}"]`)?.classList.add("lit");
  });
  container.replaceChildren(table);
}
