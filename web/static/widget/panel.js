// Opening and closing the panel, and where the keyboard focus goes.
// - On a phone the panel covers the page: it is a modal dialog, the page behind it is inert and
//   Tab cycles inside it. On a larger screen it is a dialog beside the page: no trap.
// - Escape closes it from anywhere in the widget (the panel, its close button, the launcher).
// - Closing returns the focus to whichever control opened it.

import { each, shown } from "./dom.js";
import { save } from "./store.js";

// Under this width the panel fills the screen (widget.css agrees).
var PHONE = window.matchMedia("(max-width: 480px)");

export function Panel(view, conversation) {
  this.view = view;
  this.conversation = conversation;
  this.opener = null;   // the control that opened the panel
  this.inerted = [];    // page parts made inert while the panel is a modal dialog
  this.onOpen = function () {};   // set by privacy.js ("End chat" is offered while closed)
  this.onClose = function () {};
  var panel = this;
  view.launcher.addEventListener("click", function () {
    if (panel.isOpen()) { panel.close(); } else { panel.open(view.launcher); }
  });
  view.closeButton.addEventListener("click", function () { panel.close(); });
  view.root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel.isOpen()) { event.preventDefault(); panel.close(); }
  });
  view.panel.addEventListener("keydown", function (event) { panel.trapTab(event); });
  if (PHONE.addEventListener) { PHONE.addEventListener("change", function () { panel.syncModal(); }); }
}

Panel.prototype.isOpen = function () { return !this.view.panel.hidden; };

// The launcher and the page's own openers say whether the panel they control is open.
Panel.prototype.setExpanded = function (open) {
  var value = open ? "true" : "false";
  this.view.launcher.setAttribute("aria-expanded", value);
  each(document.querySelectorAll("[data-open-chat]"), function (node) { node.setAttribute("aria-expanded", value); });
};
Panel.prototype.isModal = function () { return this.isOpen() && PHONE.matches; };

Panel.prototype.syncModal = function () {
  var root = this.view.root;
  var modal = this.isModal();
  var inerted = this.inerted;
  this.view.panel.setAttribute("aria-modal", modal ? "true" : "false");
  if (modal && !inerted.length) {
    each(document.body.children, function (node) {
      if (node !== root && !node.inert) { node.inert = true; inerted.push(node); }
    });
  } else if (!modal) {
    inerted.forEach(function (node) { node.inert = false; });
    this.inerted = [];
  }
};

Panel.prototype.tabbables = function () {
  return Array.prototype.filter.call(this.view.panel.querySelectorAll("button, input, a[href], [tabindex]"), function (node) {
    return !node.disabled && node.getAttribute("tabindex") !== "-1" && shown(node);
  });
};

Panel.prototype.trapTab = function (event) {
  if (event.key !== "Tab" || !this.isModal()) { return; }
  var nodes = this.tabbables();
  if (!nodes.length) { return; }
  var first = nodes[0];
  var last = nodes[nodes.length - 1];
  var active = document.activeElement;
  if (event.shiftKey && (active === first || !this.view.panel.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
};

Panel.prototype.open = function (trigger, focusInput) {
  var view = this.view;
  this.opener = trigger || null;
  view.panel.hidden = false;
  view.root.classList.add("is-open");
  this.setExpanded(true);
  save("open", true);
  this.syncModal();
  view.scrollToEnd();
  if (focusInput !== false) { view.input.focus(); }
  this.onOpen();
  if (!this.conversation.transcript.entries.length && !this.conversation.pending) {
    this.conversation.deliver("/greet");
  }
};

Panel.prototype.close = function () {
  var view = this.view;
  view.panel.hidden = true;
  view.root.classList.remove("is-open");
  this.setExpanded(false);
  save("open", false);
  this.syncModal();
  // Back to the control that opened it; else the launcher, or the page's own opener while
  // the launcher steps aside for it.
  var candidates = [this.opener, view.launcher].concat(Array.prototype.slice.call(document.querySelectorAll("[data-open-chat]")));
  var target = candidates.filter(shown)[0];
  this.opener = null;
  if (target) { target.focus(); }
  this.onClose();
};

// Page elements marked data-open-chat ("Ask our assistant") open the panel. While one is on
// screen the floating launcher steps aside: it would only repeat it, and could cover it.
Panel.prototype.connectPageOpeners = function () {
  var panel = this;
  var root = this.view.root;
  var nodes = Array.prototype.slice.call(document.querySelectorAll("[data-open-chat]"));
  nodes.forEach(function (node) {
    node.setAttribute("aria-controls", panel.view.panel.id);
    node.setAttribute("aria-expanded", "false");
    node.addEventListener("click", function () { panel.open(node); });
  });
  each(document.querySelectorAll("[data-open-chat-card]"), function (node) { node.hidden = false; });
  if (!nodes.length || !window.IntersectionObserver) { return; }
  var visible = new Set();
  var observer = new IntersectionObserver(function (changes) {
    changes.forEach(function (change) {
      if (change.isIntersecting) { visible.add(change.target); } else { visible.delete(change.target); }
    });
    root.classList.toggle("has-page-opener", visible.size > 0);
  });
  nodes.forEach(function (node) { observer.observe(node); });
};
