// Talking to the assistant: Rasa's REST channel shape. POST {"sender": id, "message": text},
// and back comes [{"text", "buttons": [{"title", "payload"}], "metadata"}]. A quick reply sends
// its payload (e.g. /ask_symptoms) and shows its title as the visitor's message.

import { withSources } from "./sources.js";
import { entry } from "./store.js";

var TIMEOUT_MS = 25000;

export function Conversation(config, sender, transcript, view) {
  this.config = config;
  this.sender = sender;
  this.transcript = transcript;
  this.view = view;
  this.pending = false;
  this.beforeSend = function () {};  // set by privacy.js: an idle chat starts afresh first
}

Conversation.prototype.request = function (message) {
  var controller = window.AbortController ? new AbortController() : null;
  var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
  return fetch(this.config.endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sender: this.sender, message: message }),
    credentials: "same-origin",
    signal: controller ? controller.signal : undefined
  }).then(function (response) {
    return response.json().catch(function () { return null; }).then(function (body) {
      if (response.ok && Array.isArray(body)) { return body; }
      var error = new Error("HTTP " + response.status);
      // A 4xx is about the message itself (too long, malformed): say what the server said.
      if (response.status >= 400 && response.status < 500 && body && typeof body.error === "string") {
        error.visitorMessage = body.error;
      }
      throw error;
    });
  }).finally(function () { if (timer) { clearTimeout(timer); } });
};

Conversation.prototype.setPending = function (value) {
  this.pending = value;
  this.view.setPending(value);
};

Conversation.prototype.deliver = function (payload) {
  var chat = this;
  this.setPending(true);
  return this.request(payload).then(function (messages) {
    chat.setPending(false);
    chat.addBotMessages(messages);
  }, function (error) {
    chat.setPending(false);
    if (error && error.visitorMessage) {
      chat.view.showError(error.visitorMessage, null);
    } else {
      chat.view.showError(chat.config.unreachable, function () { chat.deliver(payload); });
    }
  });
};

Conversation.prototype.addBotMessages = function (messages) {
  var chat = this;
  var first = null;
  var groups = [];
  var hints = null;
  withSources(messages).forEach(function (message) {
    var item = entry("bot", typeof message.text === "string" ? message.text : "", message.buttons, message.metadata);
    if (!item.text && !item.buttons.length) { return; }
    chat.transcript.add(item);
    var drawn = chat.view.add(item, true);
    if (drawn.group) { groups.push(drawn.group); }
    first = first || drawn.node || drawn.group;
    // The latest message that says what it expects decides; a reply that says nothing (an
    // answer, a greeting) puts the input back to "your question".
    if (item.metadata.input) { hints = item.metadata.input; }
  });
  this.view.setInputHints(hints);
  if (first) { this.view.reveal(first, groups); }
};

// A prompt the visitor moved past without answering it ("Was this helpful?" when they typed
// their next question) is removed, not left without its buttons.
Conversation.prototype.dropUnansweredPrompts = function (payload) {
  var entries = this.transcript.entries;
  var start = this.transcript.latestTurnStart();
  var kept = entries.filter(function (item, i) {
    return i < start || !item.metadata.ephemeral || item.buttons.some(function (b) { return b.payload === payload; });
  });
  if (kept.length !== entries.length) {
    this.transcript.replace(kept);
    this.view.render(this.transcript);
  }
};

// Sends a typed question, or a quick reply's payload shown as its title.
Conversation.prototype.send = function (payload, shown) {
  if (this.pending) { return; }
  var text = (shown || payload).trim();
  if (!text) { return; }
  this.beforeSend();
  this.dropUnansweredPrompts(payload);
  this.view.dropQuickReplies();
  this.view.dropErrors();
  var item = entry("user", text, [], null);
  this.transcript.add(item);
  this.view.add(item, false);
  this.view.scrollToEnd();
  this.deliver(payload);
};
