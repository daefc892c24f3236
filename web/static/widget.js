/*
 * The ALL assistant's chat widget: plain JavaScript modules, no build step, nothing from a CDN.
 *
 * Include it on a page with
 *   <link rel="stylesheet" href="/static/widget.css">
 *   <script type="module" src="/static/widget.js" data-endpoint="/chat" data-emergency-note="..." data-unreachable="..."
 *           data-max-chars="..." data-privacy="{...}"></script>
 *
 * The two texts are the site's wording (content/site.yml), put there by the page that serves
 * the widget (web/templates/page.html): the widget types no number of its own. data-max-chars
 * is the longest message the assistant reads (core/chat_request.py); without it the text box
 * has no limit and the server says when a message is too long. data-privacy (JSON) holds the
 * session's idle time and the words of "Delete conversation" and "End chat" (docs/privacy.md).
 *
 * One module a concern, under widget/ (docs/widget.md):
 *   dom.js           elements and icons, built with textContent only (no HTML from anyone)
 *   store.js         sessionStorage: conversation id, transcript, open state; checks what comes back
 *   view.js          the elements, messages, quick replies, the input that fits the question, scrolling
 *   conversation.js  talking to the assistant (Rasa's REST shape), sending, prompts moved past
 *   panel.js         opening and closing, focus, Escape, the phone's modal dialog
 *   privacy.js       idle expiry, "End chat", "Delete conversation" (docs/privacy.md)
 * This file reads the settings and connects them.
 */
import { Conversation } from "./widget/conversation.js";
import { Panel } from "./widget/panel.js";
import { Privacy, readPrivacy } from "./widget/privacy.js";
import { Transcript, load, senderId } from "./widget/store.js";
import { View } from "./widget/view.js";

// A module has no document.currentScript: find the script tag that loaded this file.
var script = Array.prototype.filter.call(document.querySelectorAll("script[src]"), function (node) {
  return new URL(node.src, document.baseURI).href === import.meta.url;
})[0];
var data = (script && script.dataset) || {};
var config = {
  endpoint: data.endpoint || "/webhooks/rest/webhook",
  emergencyNote: data.emergencyNote || "General information, not medical advice.",
  unreachable: data.unreachable || "Sorry, the assistant can't be reached right now. Please try again in a few minutes.",
  maxChars: parseInt(data.maxChars, 10) || 0
};

var transcript = new Transcript();
var view = new View(config);
var conversation = new Conversation(config, senderId(), transcript, view);
var panel = new Panel(view, conversation);
var privacy = new Privacy(readPrivacy(data.privacy), conversation, view, panel);

view.onChoose = function (button, event) {
  conversation.send(button.payload, button.title);
  // The chips go away once one is chosen: keep focus in the panel. A keyboard press (detail 0)
  // goes on to the input; a tap goes to the log, so no phone keyboard pops up.
  if (event.detail === 0) { view.input.focus(); } else { view.log.focus({ preventScroll: true }); }
};

view.form.addEventListener("submit", function (event) {
  event.preventDefault();
  var text = config.maxChars ? view.input.value.slice(0, config.maxChars) : view.input.value;
  if (conversation.pending || !text.trim()) { return; }
  view.input.value = "";
  conversation.send(text, text);
});

function start() {
  document.body.appendChild(view.root);
  privacy.start();  // an idle transcript is cleared before it is ever shown
  view.render(transcript);
  view.setInputHints(view.inputHints);
  panel.connectPageOpeners();
  if (load("open", false)) { panel.open(null, false); }
}

// Modules run after the document is parsed; start at once unless it is still loading.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
