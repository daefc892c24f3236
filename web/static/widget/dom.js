// DOM helpers: elements and text only, never HTML strings with content in them, so neither a
// visitor nor the bot can inject markup.

export function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (name) {
    if (name === "text") { node.textContent = attrs.text; } else { node.setAttribute(name, attrs[name]); }
  });
  (children || []).forEach(function (child) { node.appendChild(child); });
  return node;
}

var SVG_NS = "http://www.w3.org/2000/svg";

export function icon(pathData) {
  var svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  var path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", pathData);
  path.setAttribute("fill-rule", "evenodd");
  svg.appendChild(path);
  return svg;
}

export function each(nodes, fn) { Array.prototype.forEach.call(nodes, fn); }

// Whether a node is on the page and laid out (not display: none).
export function shown(node) { return Boolean(node) && document.contains(node) && node.getClientRects().length > 0; }

export var ICONS = {
  // A speech bubble with three dots cut out (fill-rule evenodd).
  chat: "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" +
    "M6 10.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0zM10.5 10.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0z" +
    "M15 10.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0z",
  close: "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4L12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z",
  send: "M3 20.5 21.5 12 3 3.5v6.6L15 12 3 13.9z",
  down: "M12 16.6 5.3 9.9l1.4-1.4 5.3 5.3 5.3-5.3 1.4 1.4z"
};
