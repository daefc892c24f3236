// Where a page answer comes from. After an answer the server sends a plain "Source: …" line
// (what any channel shows) and the same as data, {"custom": {"source": {text, title, anchor,
// updated}}} (core/replies.py). The widget folds both into the answer before them, as its
// metadata's `source`, and shows the line small under the answer with the section's title
// linked to that section of the page.

import { el } from "./dom.js";

function valid(source) {
  return Boolean(source) && typeof source.text === "string" && typeof source.title === "string" &&
    typeof source.anchor === "string";
}

export function cleanSource(source) {
  return valid(source) ? { text: source.text, title: source.title, anchor: source.anchor } : null;
}

// The reply's messages with each source folded into the answer before it.
export function withSources(messages) {
  var kept = [];
  messages.forEach(function (message) {
    var custom = message && message.custom;
    if (!custom) { kept.push(message); return; }
    var source = cleanSource(custom.source);
    if (!source) { return; }
    var line = kept.length && kept[kept.length - 1].text === source.text ? kept.pop() : null;
    var answer = kept.length ? kept[kept.length - 1] : line;
    if (!answer) { return; }
    kept[answer === line ? kept.length : kept.length - 1] = Object.assign({}, answer, {
      buttons: (answer.buttons || []).concat(answer === line ? [] : (line && line.buttons) || []),
      metadata: Object.assign({}, answer.metadata || {}, { source: source })
    });
  });
  return kept;
}

export function sourceLine(source) {
  var at = source.text.indexOf(source.title);
  var link = el("a", { href: "#" + source.anchor, text: source.title });
  var parts = at < 0 ? [document.createTextNode(source.text + " "), link] : [
    document.createTextNode(source.text.slice(0, at)), link,
    document.createTextNode(source.text.slice(at + source.title.length))
  ];
  return el("p", { "class": "allchat-source" }, parts);
}
