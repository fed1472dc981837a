// The controls: relation, valence, minimum confidence and claims filter the graph on the
// page (from data already fetched); the date slider sets `asOf`, which goes to the server.

import { h, title, words } from "./dom.js";

const $ = (selector) => document.querySelector(selector);

/** Every date at which the graph changes: when a tie happened, began or stopped holding. */
export function datesOf(relationships) {
  const dates = new Set();
  for (const rel of relationships) {
    for (const date of [rel.date, rel.validFrom, rel.validUntil]) if (date) dates.add(date);
  }
  return [...dates].sort();
}

export class Filters {
  constructor({ onFilter, onDate }) {
    this.relation = $("#filter-relation");
    this.valence = $("#filter-valence");
    this.confidence = $("#filter-confidence");
    this.claims = $("#filter-claims");
    this.slider = $("#as-of");
    this.dates = [];
    for (const control of [this.relation, this.valence, this.claims]) {
      control.addEventListener("change", onFilter);
    }
    this.confidence.addEventListener("input", () => {
      $("#filter-confidence-value").textContent = Number(this.confidence.value).toFixed(2);
      onFilter();
    });
    this.slider.addEventListener("input", () => {
      this.#label();
      onDate(this.asOf);
    });
  }

  /** Options from the schema's own enums, so a new relation shows up without a page change. */
  fill(vocabulary) {
    const options = (type) => type.enumValues.map(({ name }) => h("option", { value: name }, words(name)));
    this.relation.append(...options(vocabulary.relation));
    this.valence.append(...options(vocabulary.valence));
  }

  /** The slider's stops: each date of the data, then the far right end, "latest" (no asOf). */
  setDates(dates) {
    this.dates = dates;
    this.slider.max = String(dates.length);
    this.slider.value = String(dates.length);
    this.slider.disabled = dates.length === 0;
    this.#label();
  }

  get asOf() {
    const index = Number(this.slider.value);
    return index < this.dates.length ? this.dates[index] : null;
  }

  /** Whether a relationship passes the relation, valence, confidence and claims filters. */
  matches(rel) {
    if (this.relation.value && rel.relation !== this.relation.value) return false;
    if (this.valence.value && rel.valence !== this.valence.value) return false;
    if (rel.confidence < Number(this.confidence.value)) return false;
    // Without claims only what the outlet reports in its own voice remains.
    return this.claims.checked || rel.stance === "REPORTED";
  }

  /** The matrix counts every relationship: only the date applies there. */
  setGraphOnlyEnabled(enabled) {
    $("#graph-filters").disabled = !enabled;
  }

  #label() {
    const asOf = this.asOf;
    const text = asOf ?? "latest";
    $("#as-of-value").textContent = text;
    this.slider.setAttribute("aria-valuetext", asOf ? `as of ${asOf}` : "latest, no date limit");
  }
}

function swatch(shape, className) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 12");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", `swatch ${className}`);
  svg.innerHTML = shape; // a fixed literal, never data
  return svg;
}

/** The legend: kinds of actor, valences and stances of relationships, matrix stances. */
export function fillLegend(vocabulary) {
  $("#legend-kinds").replaceChildren(
    ...vocabulary.actorKind.enumValues.map(({ name }) =>
      h("li", {}, swatch('<circle cx="12" cy="6" r="5"/>', `node kind-${name}`), title(name)),
    ),
  );
  $("#legend-valences").replaceChildren(
    ...vocabulary.valence.enumValues.map(({ name }) =>
      h("li", {}, swatch('<line class="edge-line" x1="1" y1="6" x2="23" y2="6"/>', `edge valence-${name}`), title(name)),
    ),
    ...["REPORTED", "CLAIMED", "UNCERTAIN"].map((stance) =>
      h("li", {}, swatch('<line class="edge-line" x1="1" y1="6" x2="23" y2="6"/>', `edge plain stance-${stance}`), title(stance)),
    ),
  );
}
