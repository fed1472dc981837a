// The Review view: paste an article and its source, propose relationships from it, or list the
// pending proposals; each is accepted (as proposed or edited) or rejected by a person. The only
// part of the explorer that writes, so the only part that needs the write token.

import { fetchAll, request } from "./api.js";
import { h } from "./dom.js";
import { highlighted, locate } from "./highlight.js";
import { proposalCard } from "./proposal-card.js";
import * as Q from "./queries.js";

// The token lives as long as the tab: never in localStorage, never in the address.
const TOKEN_KEY = "alliance-graph.write-token";

export class ReviewView {
  constructor(root, { onAccepted }) {
    this.root = root;
    this.onAccepted = onAccepted;
    this.form = root.querySelector("#review-form");
    this.token = root.querySelector("#review-token");
    this.article = root.querySelector("#review-article");
    this.list = root.querySelector("#review-list");
    this.heading = root.querySelector("#review-heading");
    this.error = root.querySelector("#review-error");
    this.vocabulary = { relations: [], stances: [] };
    this.loaded = false;
    this.token.value = sessionStorage.getItem(TOKEN_KEY) ?? "";
    this.token.addEventListener("input", () => sessionStorage.setItem(TOKEN_KEY, this.token.value));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#busy(() => this.propose());
    });
    root.querySelector("#review-pending").addEventListener("click", () => this.#busy(() => this.pending()));
  }

  setVocabulary({ relations, stances }) {
    this.vocabulary = { relations, stances };
  }

  /** Called when the view opens: the pending proposals, the first time. */
  async show() {
    if (!this.loaded) await this.#busy(() => this.pending());
  }

  async propose() {
    const field = (name) => this.form.elements[name].value.trim();
    const source = { id: field("id"), publisher: field("publisher") };
    for (const name of ["title", "url", "published"]) if (field(name)) source[name] = field(name);
    const input = { text: this.form.elements.text.value, source };
    const { proposeRelationships: batch } = await request(Q.PROPOSE, { input }, { token: this.#token() });
    const fresh = batch.newActors.length
      ? ` New actors: ${batch.newActors.map((actor) => actor.name).join(", ")}.`
      : "";
    this.#show(
      batch.proposals,
      `${batch.proposals.length} proposals from ${batch.source.publisher} (${batch.source.key}).${fresh}`,
    );
  }

  async pending() {
    const proposals = await fetchAll(Q.PENDING_PROPOSALS, {}, (data) => data.proposals);
    this.loaded = true;
    this.#show(proposals, `${proposals.length} pending proposals.`);
  }

  #token() {
    return this.token.value.trim() || null;
  }

  async #busy(task) {
    this.error.hidden = true;
    this.root.setAttribute("aria-busy", "true");
    try {
      await task();
    } catch (error) {
      this.error.textContent = error.message;
      this.error.hidden = false;
    } finally {
      this.root.removeAttribute("aria-busy");
    }
  }

  /** The cards, and the pasted text with their quotes marked; without text, the quotes alone. */
  #show(proposals, heading) {
    const text = this.form.elements.text.value;
    const spans = text ? locate(text, proposals) : new Map();
    this.article.replaceChildren(...(text ? highlighted(text, spans) : []));
    this.article.hidden = !text;
    this.heading.textContent = heading;
    const token = () => this.#token();
    this.list.replaceChildren(
      ...proposals.map((proposal) =>
        proposalCard(proposal, {
          ...this.vocabulary,
          located: text ? spans.has(proposal.id) : null,
          onPick: (id) => this.#pick(id),
          onAccept: async (p, patch) => {
            const { acceptProposal } = await request(Q.ACCEPT_PROPOSAL, { id: p.id, patch }, { token: token() });
            await this.onAccepted(acceptProposal);
            return acceptProposal;
          },
          onReject: async (p, reason) =>
            (await request(Q.REJECT_PROPOSAL, { id: p.id, reason }, { token: token() })).rejectProposal,
        }),
      ),
    );
    if (proposals.length === 0) this.list.append(h("li", { class: "hint" }, "Nothing to review."));
  }

  /** Marks one proposal's quote as the current one and brings it into view. */
  #pick(id) {
    for (const mark of this.article.querySelectorAll("mark")) {
      mark.classList.toggle("current", mark.dataset.proposals.split(" ").includes(id));
    }
    for (const card of this.list.querySelectorAll("[data-proposal]")) {
      card.classList.toggle("current", card.dataset.proposal === id);
    }
    this.article.querySelector("mark.current")?.scrollIntoView({ block: "nearest" });
  }
}
