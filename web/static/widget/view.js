// The widget's elements and how the conversation is drawn in them: messages, quick replies,
// an input that fits the question being asked, and where the log scrolls after a reply.

import { ICONS, each, el, icon } from "./dom.js";
import { sourceLine } from "./sources.js";
import { load, save } from "./store.js";

var QUESTION_INPUT = { label: "Your question", placeholder: "Type your question…" };
var INPUT_MODES = ["text", "tel", "email", "numeric"];
var AUTOCOMPLETE = ["off", "name", "given-name", "family-name", "tel", "email"];
var GAP = 12;        // space kept above a reply's start
var CUE_SPACE = 44;  // room the "More below" cue takes at the log's bottom edge

export function View(config) {
  var uid = "allchat-" + Math.random().toString(36).slice(2, 8);
  this.onChoose = function () {};  // set by widget.js: a quick reply was chosen

  this.launcher = el("button", {
    type: "button", "class": "allchat-launcher", "aria-expanded": "false", "aria-controls": uid + "-panel"
  }, [
    el("span", { "class": "allchat-launcher__open" }, [icon(ICONS.chat), el("span", { "class": "allchat-launcher__label", text: "Ask about ALL" })]),
    el("span", { "class": "allchat-launcher__close" }, [icon(ICONS.close), el("span", { "class": "allchat-launcher__label", text: "Close chat" })])
  ]);
  this.header = el("div", { "class": "allchat-header" }, [
    el("div", { "class": "allchat-heading" }, [
      el("h2", { "class": "allchat-title", id: uid + "-title", text: "ALL information assistant" }),
      el("p", { "class": "allchat-subtitle", text: "Answers from our page about acute lymphoblastic leukemia" })
    ])
  ]);
  this.note = el("p", { "class": "allchat-note", id: uid + "-note", text: config.emergencyNote });
  this.log = el("div", { "class": "allchat-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
  // A pointer's cue that the reply goes on below; keyboard and screen reader users reach it all
  // through the log and its quick replies, so it is hidden from them.
  this.moreBelow = el("div", { "class": "allchat-more", "aria-hidden": "true", hidden: "" },
    [el("span", { text: "More below" }), icon(ICONS.down)]);
  this.typing = el("div", { "class": "allchat-typing", role: "status", hidden: "" }, [
    el("span", { "aria-hidden": "true" }), el("span", { "aria-hidden": "true" }), el("span", { "aria-hidden": "true" }),
    el("span", { "class": "allchat-sr", text: "The assistant is typing" })
  ]);
  this.inputLabel = el("label", { "class": "allchat-sr", "for": uid + "-input" });
  this.input = el("input", { id: uid + "-input", "class": "allchat-input", type: "text", "aria-describedby": uid + "-note" });
  if (config.maxChars) { this.input.setAttribute("maxlength", String(config.maxChars)); }
  this.sendButton = el("button", { type: "submit", "class": "allchat-send", "aria-label": "Send" }, [icon(ICONS.send)]);
  this.form = el("form", { "class": "allchat-form", novalidate: "" }, [this.inputLabel, this.input, this.sendButton]);
  this.closeButton = el("button", { type: "button", "class": "allchat-close", "aria-label": "Close chat" }, [icon(ICONS.close)]);
  // DOM order is tab order: inside the panel the conversation (with the latest quick replies),
  // the input, Send, and Close last (widget.css shows it top-right).
  this.panel = el("section", {
    id: uid + "-panel", "class": "allchat-panel", role: "dialog", "aria-labelledby": uid + "-title",
    "aria-modal": "false", hidden: ""
  }, [this.header, this.note, el("div", { "class": "allchat-log-area" }, [this.log, this.moreBelow]),
    this.typing, this.form, this.closeButton]);
  this.root = el("div", { "class": "allchat" }, [this.launcher, this.panel]);

  var view = this;
  this.log.addEventListener("scroll", function () { view.updateMoreBelow(); });
  this.moreBelow.addEventListener("click", function () {
    view.log.scrollTop = Math.min(view.log.scrollHeight, view.log.scrollTop + Math.round(view.log.clientHeight * 0.8));
    view.updateMoreBelow();
  });
  this.inputHints = load("input", null);
}

// ---- messages and quick replies

View.prototype.bubble = function (entry) {
  var who = entry.from === "user" ? "You" : "Assistant";
  var parts = [el("p", {}, [el("span", { "class": "allchat-sr", text: who + ": " }), el("span", { "class": "allchat-text", text: entry.text })])];
  if (entry.metadata && entry.metadata.source) { parts.push(sourceLine(entry.metadata.source)); }
  return el("div", { "class": "allchat-msg allchat-msg--" + (entry.from === "user" ? "user" : "bot") }, parts);
};

View.prototype.quickReplies = function (buttons) {
  var view = this;
  var group = el("div", { "class": "allchat-quick", role: "group", "aria-label": "Suggested questions" });
  buttons.forEach(function (button) {
    var chip = el("button", { type: "button", "class": "allchat-chip", text: button.title });
    chip.addEventListener("click", function (event) { view.onChoose(button, event); });
    group.appendChild(chip);
  });
  return group;
};

// Draws a message (and its quick replies when it has any and they still apply); returns the
// message's node and its quick replies' group.
View.prototype.add = function (entry, withButtons) {
  var node = entry.text ? this.log.appendChild(this.bubble(entry)) : null;
  var group = withButtons && entry.buttons.length ? this.log.appendChild(this.quickReplies(entry.buttons)) : null;
  this.updateLogTabStop();
  return { node: node, group: group };
};

// The latest bot turn may be several messages (an answer, then "Was this helpful?"): each
// keeps its quick replies, as when it arrived.
View.prototype.render = function (transcript) {
  var view = this;
  var turnStart = transcript.latestTurnStart();
  this.log.textContent = "";
  transcript.entries.forEach(function (entry, i) { view.add(entry, i >= turnStart); });
  this.scrollToEnd();
};

// The log is a tab stop of its own only when nothing in it is (it must stay scrollable by
// keyboard); with quick replies, Tab goes from them straight to the input.
View.prototype.updateLogTabStop = function () {
  this.log.setAttribute("tabindex", this.log.querySelector("button:not([disabled]), a[href]") ? "-1" : "0");
};

// Quick replies belong to the latest bot turn only; older ones are dropped.
View.prototype.dropQuickReplies = function () {
  each(this.log.querySelectorAll(".allchat-quick"), function (node) { node.remove(); });
  this.updateLogTabStop();
};

View.prototype.dropErrors = function () {
  each(this.log.querySelectorAll(".allchat-msg--error"), function (node) { node.remove(); });
};

View.prototype.showError = function (text, retry) {
  var view = this;
  this.dropErrors();
  var box = el("div", { "class": "allchat-msg allchat-msg--error", role: "alert" }, [el("p", { text: text })]);
  if (retry) {
    var again = el("button", { type: "button", "class": "allchat-retry", text: "Try again" });
    again.addEventListener("click", function () { box.remove(); view.input.focus(); retry(); });
    box.appendChild(again);
  }
  this.log.appendChild(box);
  this.updateLogTabStop();
  this.scrollToEnd();
};

View.prototype.setPending = function (pending) {
  this.typing.hidden = !pending;
  this.sendButton.disabled = pending;
  this.log.setAttribute("aria-busy", pending ? "true" : "false");
  each(this.log.querySelectorAll(".allchat-chip"), function (chip) { chip.disabled = pending; });
  this.updateLogTabStop();
  if (pending) { this.scrollToEnd(); }
};

// ---- an input that fits the question
// The form's questions say what they expect (metadata.input): a phone number gets the number
// pad and the browser's phone autofill. Only known values reach the attributes; no hints means
// a question about ALL.

View.prototype.setInputHints = function (hints) {
  var h = hints && typeof hints === "object" ? hints : {};
  var input = this.input;
  var mode = INPUT_MODES.indexOf(h.inputmode) >= 0 ? h.inputmode : "text";
  var fill = AUTOCOMPLETE.indexOf(h.autocomplete) >= 0 ? h.autocomplete : "off";
  var label = typeof h.label === "string" && h.label ? h.label : "";
  var isName = fill === "name" || /name/i.test(label);
  this.inputHints = label || h.placeholder || h.inputmode || h.autocomplete ? h : null;
  this.inputLabel.textContent = label || QUESTION_INPUT.label;
  input.placeholder = typeof h.placeholder === "string" && h.placeholder ? h.placeholder : QUESTION_INPUT.placeholder;
  input.type = mode === "tel" ? "tel" : "text";
  input.setAttribute("inputmode", mode);
  input.setAttribute("autocomplete", fill);
  input.setAttribute("autocapitalize", isName ? "words" : mode === "email" ? "none" : "sentences");
  input.setAttribute("spellcheck", mode === "text" && !isName ? "true" : "false");
  save("input", this.inputHints);
};

// ---- scrolling

View.prototype.scrollToEnd = function () {
  this.log.scrollTop = this.log.scrollHeight;
  this.updateMoreBelow();
};

// A reply is shown from its start. Below that start as much as fits: the whole reply, else
// the reply up to its first quick replies (an answer's related questions and "Book"), kept
// clear of the "More below" cue that then announces the rest.
View.prototype.reveal = function (first, groups) {
  var log = this.log;
  var top = Math.max(0, first.offsetTop - GAP);
  var view = log.clientHeight;
  var firstGroupEnd = groups.length ? groups[0].offsetTop + groups[0].offsetHeight + GAP : null;
  if (log.scrollHeight - top <= view) {
    log.scrollTop = log.scrollHeight - view;
  } else if (firstGroupEnd !== null && firstGroupEnd - top <= view - CUE_SPACE) {
    log.scrollTop = firstGroupEnd - (view - CUE_SPACE);
  } else {
    log.scrollTop = top;
  }
  this.updateMoreBelow();
};

View.prototype.updateMoreBelow = function () {
  var log = this.log;
  this.moreBelow.hidden = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
};
