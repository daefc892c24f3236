// Privacy (docs/privacy.md), with the site's idle time and words from data-privacy
// (content/site.yml):
// - after the session's idle time the old messages are no longer shown: the assistant starts a
//   new session too (domain session_config), so someone else at this computer sees nothing;
// - closing the panel offers "End chat", which clears them at once and has the assistant start
//   a new session (/session_start);
// - "Delete conversation" asks here, then has the assistant forget the conversation (its own
//   "forget me" and the yes to its question) and clears what this browser keeps.

import { el } from "./dom.js";
import { load, save } from "./store.js";

var FORGET = ["/forget_me", "/affirm"];
var END_SESSION = "/session_start";
var CHECK_MS = 30000;

export function readPrivacy(raw) {
  var settings = {};
  try { settings = JSON.parse(raw || "{}") || {}; } catch (e) { settings = {}; }
  function words(key, fallback) { return typeof settings[key] === "string" ? settings[key] : fallback; }
  var minutes = Number(settings.idle_minutes) > 0 ? Number(settings.idle_minutes) : 30;
  return {
    idleMs: minutes * 60000,
    deleteButton: words("delete_button", "Delete conversation"),
    deleteQuestion: words("delete_question", "Delete this conversation?"),
    deleteYes: words("delete_yes", "Delete it"),
    deleteNo: words("delete_no", "Keep it"),
    endChat: words("end_chat", "End chat"),
    endChatNote: words("end_chat_note", "Finished? Ending the chat clears it from this browser.")
  };
}

export function Privacy(settings, conversation, view, panel) {
  this.settings = settings;
  this.conversation = conversation;
  this.view = view;
  this.panel = panel;
  var uid = view.panel.id;
  var privacy = this;

  this.deleteButton = el("button", { type: "button", "class": "allchat-delete", text: settings.deleteButton });
  this.deleteYes = el("button", { type: "button", "class": "allchat-chip", text: settings.deleteYes });
  this.deleteNo = el("button", { type: "button", "class": "allchat-chip", text: settings.deleteNo });
  this.question = el("div", { "class": "allchat-confirm", role: "group", "aria-labelledby": uid + "-delq", hidden: "" }, [
    el("p", { id: uid + "-delq", text: settings.deleteQuestion }),
    el("div", { "class": "allchat-quick" }, [this.deleteYes, this.deleteNo])
  ]);
  this.endButton = el("button", { type: "button", "class": "allchat-end__button", text: settings.endChat });
  this.endOffer = el("div", { "class": "allchat-end", role: "group", "aria-label": settings.endChat, hidden: "" }, [
    el("p", { text: settings.endChatNote }), this.endButton
  ]);
  // Like Close, the control comes after Send in the tab order and shows in the header
  // (widget.css; under the input on a phone); the question just above the input; the offer
  // beside the launcher, where the panel was.
  view.panel.insertBefore(el("div", { "class": "allchat-tools" }, [this.deleteButton]), view.closeButton);
  view.panel.insertBefore(this.question, view.form);
  view.root.insertBefore(this.endOffer, view.launcher);

  this.deleteButton.addEventListener("click", function () { privacy.question.hidden = false; privacy.deleteNo.focus(); });
  this.deleteNo.addEventListener("click", function () { privacy.question.hidden = true; view.input.focus(); });
  this.deleteYes.addEventListener("click", function () { privacy.deleteConversation(); });
  this.endButton.addEventListener("click", function () { privacy.endChat(); });
  conversation.beforeSend = function () { if (privacy.idleTooLong()) { privacy.clear(); } };
  panel.onOpen = function () { save("offerEnd", false); privacy.endOffer.hidden = true; };
  panel.onClose = function () {
    privacy.question.hidden = true;
    var any = conversation.transcript.entries.length > 0;
    save("offerEnd", any);
    privacy.endOffer.hidden = !any;
  };
}

Privacy.prototype.idleTooLong = function () {
  var transcript = this.conversation.transcript;
  return transcript.entries.length > 0 && transcript.idleFor() > this.settings.idleMs;
};

// What this browser shows and keeps of the conversation goes; the input asks for a question again.
Privacy.prototype.clear = function () {
  this.conversation.transcript.clear();
  this.view.log.textContent = "";
  this.view.setInputHints(null);
  this.view.updateLogTabStop();
  this.view.updateMoreBelow();
  save("offerEnd", false);
  this.endOffer.hidden = true;
};

// At start (a reload) and every half minute while the page is open (a tab left open).
Privacy.prototype.start = function () {
  var privacy = this;
  if (this.idleTooLong()) { this.clear(); }
  this.endOffer.hidden = !(this.conversation.transcript.entries.length && load("offerEnd", false));
  window.setInterval(function () { privacy.expireIfIdle(); }, CHECK_MS);
};

Privacy.prototype.expireIfIdle = function () {
  if (this.conversation.pending || !this.idleTooLong()) { return; }
  this.clear();
  if (this.panel.isOpen()) { this.conversation.deliver("/greet"); }
};

Privacy.prototype.endChat = function () {
  // Failing this, the idle time ends the session on the assistant's side anyway.
  this.conversation.request(END_SESSION).catch(function () {});
  this.clear();
  this.view.launcher.focus();
};

Privacy.prototype.deleteConversation = function () {
  var privacy = this;
  var chat = this.conversation;
  if (chat.pending) { return; }
  this.question.hidden = true;
  this.view.dropErrors();
  chat.setPending(true);
  chat.request(FORGET[0]).then(function () { return chat.request(FORGET[1]); }).then(function (messages) {
    chat.setPending(false);
    if (!messages.length) { throw new Error("no reply"); }
    privacy.clear();
    chat.addBotMessages(messages);  // "Done: I've deleted this conversation …"
    privacy.view.input.focus();
  }).catch(function () {
    chat.setPending(false);
    privacy.view.showError(chat.config.unreachable, function () { privacy.deleteConversation(); });
  });
};
