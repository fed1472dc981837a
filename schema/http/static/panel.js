// The side panel: an actor and its relationships, one relationship's evidence, or the
// relationships behind one cell of the matrix. It renders what the API answered, nothing more.

import { h, title, words } from "./dom.js";

function actorButton(actor, onActor) {
  return h("button", { type: "button", class: "link", onclick: () => onActor(actor.key) }, actor.name);
}

function sourceLine(source) {
  const parts = [source.publisher];
  if (source.title) parts.push(`“${source.title}”`);
  if (source.authors?.length) parts.push(source.authors.join(", "));
  if (source.published) parts.push(source.published);
  const text = parts.join(", ");
  // A link only for the reader to follow: the page itself never loads it.
  return h("cite", {}, "— ", source.url ? h("a", { href: source.url, rel: "noreferrer" }, text) : text);
}

function evidenceList(evidence) {
  return h(
    "ul",
    { class: "evidence" },
    evidence.map((item) => h("li", {}, h("blockquote", {}, item.quote), sourceLine(item.source))),
  );
}

/** Date, stance and claimant, confidence, place and support: the facts that qualify a tie. */
function facts(rel) {
  const items = [];
  if (rel.date) {
    const precision = rel.datePrecision && rel.datePrecision !== "DAY" ? ` (${words(rel.datePrecision)})` : "";
    items.push(`${rel.date}${precision}`);
  }
  if (rel.validFrom || rel.validUntil) items.push(`valid ${rel.validFrom ?? "…"} to ${rel.validUntil ?? "…"}`);
  items.push(rel.claimedBy ? `${words(rel.stance)} by ${rel.claimedBy.name}` : words(rel.stance));
  items.push(`confidence ${rel.confidence.toFixed(2)}`);
  if (rel.location) items.push(rel.location);
  if (rel.supportKinds.length) items.push(rel.supportKinds.map(words).join(", "));
  return h("p", { class: "facts" }, items.join(" · "));
}

export class Panel {
  constructor(element, { onActor, onRelationship, onCentre }) {
    this.element = element;
    this.handlers = { onActor, onRelationship, onCentre };
  }

  clear() {
    this.#show(
      h("h2", {}, "Nothing selected"),
      h("p", { class: "hint" }, "Click an actor to list its relationships with their evidence, or a relationship to read its sources."),
    );
  }

  loading(what) {
    this.#show(h("h2", {}, what), h("p", { class: "hint" }, "Loading…"));
  }

  error(message) {
    this.#show(h("h2", {}, "Could not load"), h("p", { class: "error" }, message));
  }

  /** An actor and each of its relationships, with quotes; `visible` marks those on the graph. */
  actor(actor, { visible, canCentre }) {
    const rels = actor.relationships;
    const shown = rels.filter(visible).length;
    this.#show(
      h("p", { class: `kind-tag kind-${actor.kind}` }, title(actor.kind)),
      h("h2", {}, actor.name),
      actor.description ? h("p", {}, actor.description) : null,
      actor.aliases.length ? h("p", { class: "aliases" }, "Also: ", actor.aliases.join(", ")) : null,
      canCentre
        ? h("button", { type: "button", id: "centre", onclick: () => this.handlers.onCentre(actor.key) }, "Show its neighbourhood")
        : null,
      h(
        "h3",
        {},
        `${rels.length} relationship${rels.length === 1 ? "" : "s"}`,
        shown < rels.length ? ` (${rels.length - shown} hidden by the filters)` : "",
      ),
      this.#relationshipList(rels, visible),
    );
  }

  /** One relationship and all its evidence. */
  relationship(rel) {
    this.#show(
      h("p", { class: `kind-tag valence-${rel.valence}` }, title(rel.valence)),
      h(
        "h2",
        {},
        actorButton(rel.source, this.handlers.onActor),
        ` ${words(rel.relation)} `,
        actorButton(rel.target, this.handlers.onActor),
      ),
      facts(rel),
      h("h3", {}, "Evidence"),
      evidenceList(rel.evidence),
      h("p", { class: "hint" }, `Relationship ${rel.key}`),
    );
  }

  /** The cell of the matrix for the pair (a, b): its stance and the relationships why. */
  pair(pair, { visible }) {
    this.#show(
      h("p", { class: `kind-tag stance-${pair.stance}` }, title(pair.stance)),
      h(
        "h2",
        {},
        actorButton(pair.a, this.handlers.onActor),
        " and ",
        actorButton(pair.b, this.handlers.onActor),
      ),
      h("h3", {}, `${pair.relationships.length} relationship${pair.relationships.length === 1 ? "" : "s"}`),
      this.#relationshipList(pair.relationships, visible),
    );
  }

  #relationshipList(rels, visible) {
    return h(
      "ul",
      { class: "relationships" },
      rels.map((rel) =>
        h(
          "li",
          { class: `rel valence-${rel.valence}${visible(rel) ? "" : " filtered"}`, "data-rel-item": rel.key },
          h(
            "p",
            { class: "rel-head" },
            actorButton(rel.source, this.handlers.onActor),
            " ",
            h("strong", {}, words(rel.relation)),
            " ",
            actorButton(rel.target, this.handlers.onActor),
          ),
          facts(rel),
          evidenceList(rel.evidence),
          h(
            "button",
            { type: "button", class: "link small", onclick: () => this.handlers.onRelationship(rel) },
            "Open this relationship",
          ),
        ),
      ),
    );
  }

  #show(...children) {
    this.element.replaceChildren(...children.filter((child) => child !== null));
    this.element.scrollTop = 0;
  }
}
