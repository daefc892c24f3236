// What the widget keeps in sessionStorage: the conversation id, the transcript, whether the
// panel is open, what the last question expects, and when the last message was (privacy.js
// stops showing the transcript after the session's idle time). A reload shows the same conversation;
// closing the tab forgets it. Storage can be missing or full: the chat then works in memory.
// What comes back from storage (the visitor's to edit) or from the assistant is checked.

import { cleanSource } from "./sources.js";

var KEY = "all-assistant:";
var MAX_TRANSCRIPT = 200;
var SENDER = /^[A-Za-z0-9_-]{8,64}$/;

export function load(name, fallback) {
  try {
    var raw = window.sessionStorage.getItem(KEY + name);
    return raw === null ? fallback : JSON.parse(raw);
  } catch (e) {
    return fallback;
  }
}

export function save(name, value) {
  try {
    window.sessionStorage.setItem(KEY + name, JSON.stringify(value));
  } catch (e) { /* private mode or quota: keep going in memory */ }
}

export function forget(name) {
  try { window.sessionStorage.removeItem(KEY + name); } catch (e) { /* nothing was stored */ }
}

function newSenderId() {
  var bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return "web-" + Array.prototype.map.call(bytes, function (b) {
    return ("0" + b.toString(16)).slice(-2);
  }).join("");
}

export function senderId() {
  var sender = load("sender", null);
  if (typeof sender !== "string" || !SENDER.test(sender)) {
    sender = newSenderId();
    save("sender", sender);
  }
  return sender;
}

export function cleanButtons(buttons) {
  return (Array.isArray(buttons) ? buttons : []).filter(function (b) {
    return b && typeof b.title === "string" && typeof b.payload === "string";
  }).map(function (b) { return { title: b.title, payload: b.payload }; });
}

// The parts of a reply's metadata the widget reads (docs/widget.md): what the question expects
// (`input`) and whether the message goes away once the visitor moves on (`ephemeral`).
var INPUT_HINTS = ["label", "placeholder", "inputmode", "autocomplete"];

export function cleanMetadata(metadata) {
  var clean = {};
  if (!metadata || typeof metadata !== "object") { return clean; }
  if (metadata.input && typeof metadata.input === "object") {
    clean.input = {};
    INPUT_HINTS.forEach(function (name) {
      if (typeof metadata.input[name] === "string") { clean.input[name] = metadata.input[name]; }
    });
  }
  if (metadata.ephemeral === true) { clean.ephemeral = true; }
  var source = cleanSource(metadata.source);
  if (source) { clean.source = source; }
  return clean;
}

export function entry(from, text, buttons, metadata) {
  return { from: from, text: text, buttons: cleanButtons(buttons), metadata: cleanMetadata(metadata) };
}

// The conversation as shown: {from: "user" | "bot", text, buttons, metadata} entries.
export function Transcript() {
  var stored = load("transcript", []);
  this.entries = (Array.isArray(stored) ? stored : []).filter(function (e) {
    return e && (e.from === "user" || e.from === "bot") && typeof e.text === "string";
  }).map(function (e) { return entry(e.from, e.text, e.buttons, e.metadata); });
}

Transcript.prototype.add = function (item) {
  this.entries.push(item);
  if (this.entries.length > MAX_TRANSCRIPT) { this.entries = this.entries.slice(-MAX_TRANSCRIPT); }
  save("transcript", this.entries);
  save("active", Date.now());
};

// Milliseconds since the last message (Infinity when the time is missing or damaged).
Transcript.prototype.idleFor = function () {
  var last = load("active", null);
  return typeof last === "number" ? Date.now() - last : Infinity;
};

// Nothing of the conversation is kept in this browser any more (the conversation id stays, so
// a later "Delete conversation" in this tab still reaches everything it said).
Transcript.prototype.clear = function () {
  this.entries = [];
  ["transcript", "active", "input"].forEach(forget);
};

Transcript.prototype.replace = function (entries) {
  this.entries = entries;
  save("transcript", this.entries);
};

// Where the latest bot turn starts: the entries after the visitor's last message.
Transcript.prototype.latestTurnStart = function () {
  var start = 0;
  this.entries.forEach(function (e, i) { if (e.from !== "bot") { start = i + 1; } });
  return start;
};
