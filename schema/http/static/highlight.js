// An article's text with the quotes of its proposals marked: each quote is found as a verbatim
// substring of the text (the extractor promises that), and marks may overlap or nest.

import { h } from "./dom.js";

/**
 * Where each quote sits in `text`: a Map from id to { start, end }, for the quotes found.
 * `quotes` is [{ id, quote }]; a quote found more than once is marked where it first occurs.
 */
export function locate(text, quotes) {
  const found = new Map();
  for (const { id, quote } of quotes) {
    const start = quote ? text.indexOf(quote) : -1;
    if (start >= 0) found.set(id, { start, end: start + quote.length });
  }
  return found;
}

/**
 * The text as nodes: plain runs as text, runs inside one or more quotes as
 * <mark data-proposals="id id">. Text always goes in as text nodes, never as HTML.
 */
export function highlighted(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const { start, end } of spans.values()) cuts.add(start).add(end);
  const bounds = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i < bounds.length - 1; i += 1) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    const piece = text.slice(from, to);
    const ids = [...spans].filter(([, span]) => span.start <= from && to <= span.end).map(([id]) => id);
    nodes.push(ids.length === 0 ? piece : h("mark", { "data-proposals": ids.join(" ") }, piece));
  }
  return nodes;
}
