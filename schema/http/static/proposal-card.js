// One proposed relationship in the Review view: what the extractor read (relation, actors,
// stance, claimant, date, confidence, cue and the verbatim quote), with Accept, an optional
// edit of relation, actors and stance sent along as the patch, and Reject with a reason.

import { h, words } from "./dom.js";

function candidate(c) {
  // A candidate with no `actor` is not in the graph yet: accepting creates it.
  return [h("strong", {}, c.name), c.actor ? null : h("span", { class: "new-tag", title: `new actor, key ${c.key}` }, "new")];
}

function facts(p) {
  const parts = [words(p.stance)];
  if (p.claimedBy) parts.push(`claimed by ${p.claimedBy.name}${p.claimedBy.actor ? "" : " (new)"}`);
  if (p.date) parts.push(p.datePrecision ? `${p.date} (${words(p.datePrecision)})` : p.date);
  parts.push(`confidence ${p.confidence.toFixed(2)}`);
  parts.push(`cue “${p.cue}”`);
  return parts.join(" · ");
}

function select(name, values, chosen) {
  return h(
    "select",
    { name },
    values.map((value) => h("option", { value, selected: value === chosen }, words(value))),
  );
}

/** Only what the reviewer changed: an empty patch is sent as none. */
function patchOf(form, p) {
  const wanted = {
    relation: form.elements.relation.value,
    source: form.elements.source.value.trim(),
    target: form.elements.target.value.trim(),
    stance: form.elements.stance.value,
  };
  const was = { relation: p.relation, source: p.source.key, target: p.target.key, stance: p.stance };
  const patch = Object.fromEntries(Object.entries(wanted).filter(([name, value]) => value && value !== was[name]));
  // Support kinds were read for the proposed relation (arms for SUPPORTS, territory for HOSTS):
  // another relation starts without them.
  if (patch.relation) patch.supportKinds = [];
  return Object.keys(patch).length > 0 ? patch : null;
}

/**
 * The card for proposal `p`. `located` says whether its quote was found in the pasted text
 * (null when there is no text to look in). `onAccept(p, patch)` resolves to the new
 * Relationship, `onReject(p, reason)` to the rejected proposal; either may throw a GraphQLError,
 * whose message (with its code) the card shows.
 */
export function proposalCard(p, { relations, stances, located, onPick, onAccept, onReject }) {
  const outcome = h("p", { class: "outcome", role: "status" });
  const card = h("li", { class: "proposal", "data-proposal": p.id, "data-status": p.status });
  const finish = (status, text) => {
    card.dataset.status = status;
    outcome.className = "outcome";
    outcome.textContent = text;
    for (const control of card.querySelectorAll(".actions :is(button, input, select)")) control.disabled = true;
  };
  const attempt = async (action) => {
    outcome.textContent = "";
    try {
      await action();
    } catch (error) {
      outcome.className = "outcome error";
      outcome.setAttribute("role", "alert");
      outcome.textContent = error.message;
    }
  };
  const accept = (patch) =>
    attempt(async () => {
      const rel = await onAccept(p, patch);
      card.dataset.accepted = rel.key;
      finish("ACCEPTED", `Accepted: ${rel.source.name} ${words(rel.relation)} ${rel.target.name} (${rel.key}).`);
    });

  const edit = h(
    "form",
    { class: "edit-form", onsubmit: (event) => (event.preventDefault(), accept(patchOf(edit, p))) },
    h("label", {}, "Relation ", select("relation", relations, p.relation)),
    h("label", {}, "Source ", h("input", { name: "source", value: p.source.key, "aria-label": "Source actor key" })),
    h("label", {}, "Target ", h("input", { name: "target", value: p.target.key, "aria-label": "Target actor key" })),
    h("label", {}, "Stance ", select("stance", stances, p.stance)),
    h("button", { type: "submit", class: "accept-edited" }, "Accept with these changes"),
  );
  const reject = h(
    "form",
    {
      class: "reject-form",
      onsubmit: (event) => {
        event.preventDefault();
        const reason = reject.elements.reason.value.trim() || null;
        attempt(async () => {
          await onReject(p, reason);
          finish("REJECTED", reason ? `Rejected: ${reason}` : "Rejected.");
        });
      },
    },
    h("input", { name: "reason", placeholder: "Reason (optional)", "aria-label": "Reason for rejecting" }),
    h("button", { type: "submit", class: "reject" }, "Reject"),
  );

  card.append(
    ...[
    h(
      "button",
      { type: "button", class: "link rel-head", onclick: () => onPick(p.id), title: "Show its quote in the text" },
      candidate(p.source),
      ` ${words(p.relation)} `,
      candidate(p.target),
    ),
    h("p", { class: "facts" }, facts(p)),
    h("blockquote", {}, p.quote),
    located === false ? h("p", { class: "hint" }, "This quote is not in the text above.") : null,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "accept", onclick: () => accept(null) }, "Accept"),
      h("details", {}, h("summary", {}, "Edit, then accept"), edit),
      reject,
    ),
    outcome,
    ].filter((child) => child !== null),
  );
  return card;
}
