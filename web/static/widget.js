/*
 * The ALL assistant's chat widget: plain JavaScript, no build step, nothing from a CDN.
 *
 * Include it on a page with
 *   <link rel="stylesheet" href="/static/widget.css">
 *   <script src="/static/widget.js" defer data-endpoint="/chat" data-emergency-note="..." data-unreachable="..."
 *           data-max-chars="..."></script>
 *
 * The two texts are the site's wording (content/site.yml), put there by the page that serves
 * the widget (web/templates/page.html): the widget types no number of its own. data-max-chars
 * is the longest message the assistant reads (core/chat_request.py); without it the text box
 * has no limit and the server says when a message is too long.
 *
 * It talks to Rasa's REST channel shape: POST {"sender": id, "message": text} and gets back
 * [{"text": ..., "buttons": [{"title": ..., "payload": ...}]}]. The sender id is random and
 * kept in sessionStorage with the transcript, so a reload shows the same conversation and
 * closing the tab forgets it. Every text is put on the page with textContent: neither a
 * visitor nor the bot can inject HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var ENDPOINT = data.endpoint || "/webhooks/rest/webhook";
  var EMERGENCY_NOTE = data.emergencyNote || "General information, not medical advice.";
  var UNREACHABLE = data.unreachable || "Sorry, the assistant can't be reached right now. Please try again in a few minutes.";
  var TIMEOUT_MS = 25000;
  var MAX_CHARS = parseInt(data.maxChars, 10) || 0;
  var MAX_TRANSCRIPT = 200;
  var KEY = "all-assistant:";
  var GREETING = "/greet";

  // ---- storage (sessionStorage can be missing or full: the chat still works without it)
  function load(name, fallback) {
    try {
      var raw = window.sessionStorage.getItem(KEY + name);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  }
  function save(name, value) {
    try {
      window.sessionStorage.setItem(KEY + name, JSON.stringify(value));
    } catch (e) { /* private mode or quota: keep going in memory */ }
  }

  function newSenderId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "web-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  var sender = load("sender", null);
  if (typeof sender !== "string" || !/^[A-Za-z0-9_-]{8,64}$/.test(sender)) {
    sender = newSenderId();
    save("sender", sender);
  }
  // Only well-formed entries come back from storage (it is the visitor's to edit).
  var transcript = (function (stored) {
    return (Array.isArray(stored) ? stored : []).filter(function (entry) {
      return entry && (entry.from === "user" || entry.from === "bot") && typeof entry.text === "string";
    });
  }(load("transcript", [])));
  var pending = false;

  // ---- DOM helpers: elements and text only, never HTML strings with content in them
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs.text; } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }
  var SVG_NS = "http://www.w3.org/2000/svg";
  function icon(pathData) {
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
  // A speech bubble with three dots cut out (fill-rule evenodd).
  var CHAT_ICON = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" +
    "M6 10.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0zM10.5 10.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0z" +
    "M15 10.5a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0z";
  var CLOSE_ICON = "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4L12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z";
  var SEND_ICON = "M3 20.5 21.5 12 3 3.5v6.6L15 12 3 13.9z";

  // ---- build the widget
  var uid = "allchat-" + Math.random().toString(36).slice(2, 8);
  var launcherOpen = el("span", { "class": "allchat-launcher__open" }, [icon(CHAT_ICON), el("span", { "class": "allchat-launcher__label", text: "Ask about ALL" })]);
  var launcherClose = el("span", { "class": "allchat-launcher__close" }, [icon(CLOSE_ICON), el("span", { "class": "allchat-launcher__label", text: "Close chat" })]);
  var launcher = el("button", {
    type: "button", "class": "allchat-launcher", "aria-expanded": "false", "aria-controls": uid + "-panel"
  }, [launcherOpen, launcherClose]);

  var title = el("h2", { "class": "allchat-title", id: uid + "-title", text: "ALL information assistant" });
  var closeButton = el("button", { type: "button", "class": "allchat-close", "aria-label": "Close chat" }, [icon(CLOSE_ICON)]);
  var header = el("div", { "class": "allchat-header" }, [
    el("div", {}, [title, el("p", { "class": "allchat-subtitle", text: "Answers from our page about acute lymphoblastic leukemia" })]),
    closeButton
  ]);
  var note = el("p", { "class": "allchat-note", id: uid + "-note",
    text: EMERGENCY_NOTE });
  var log = el("div", {
    "class": "allchat-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0"
  });
  var typing = el("div", { "class": "allchat-typing", role: "status", hidden: "" }, [
    el("span", { "aria-hidden": "true" }), el("span", { "aria-hidden": "true" }), el("span", { "aria-hidden": "true" }),
    el("span", { "class": "allchat-sr", text: "The assistant is typing" })
  ]);
  var inputLabel = el("label", { "class": "allchat-sr", "for": uid + "-input", text: "Your question" });
  var input = el("input", {
    id: uid + "-input", "class": "allchat-input", type: "text",
    autocomplete: "off", placeholder: "Type your question…", "aria-describedby": uid + "-note"
  });
  if (MAX_CHARS) { input.setAttribute("maxlength", String(MAX_CHARS)); }
  var sendButton = el("button", { type: "submit", "class": "allchat-send", "aria-label": "Send" }, [icon(SEND_ICON)]);
  var form = el("form", { "class": "allchat-form" }, [inputLabel, input, sendButton]);
  var panel = el("section", {
    id: uid + "-panel", "class": "allchat-panel", role: "dialog", "aria-labelledby": uid + "-title", hidden: ""
  }, [header, note, log, typing, form]);
  var root = el("div", { "class": "allchat" }, [panel, launcher]);

  // ---- rendering
  function bubble(entry) {
    var who = entry.from === "user" ? "You" : "Assistant";
    var text = el("p", {}, [
      el("span", { "class": "allchat-sr", text: who + ": " }),
      el("span", { "class": "allchat-text", text: entry.text })
    ]);
    var source = entry.source;
    var cited = source && typeof source.text === "string" && typeof source.title === "string";
    var parts = cited ? [text, sourceLine(source)] : [text];
    return el("div", { "class": "allchat-msg allchat-msg--" + (entry.from === "user" ? "user" : "bot") }, parts);
  }

  // Where a page answer comes from: the server sends a plain "Source: …" line (for any
  // channel) and the same as data, {"custom": {"source": {text, title, anchor, updated}}}.
  // Here the line is shown small under the answer, its section title linked to the section.
  function sourceLine(source) {
    var at = source.text.indexOf(source.title);
    var link = el("a", { href: "#" + source.anchor, text: source.title });
    var parts = at < 0 ? [document.createTextNode(source.text + " "), link] : [
      document.createTextNode(source.text.slice(0, at)), link,
      document.createTextNode(source.text.slice(at + source.title.length))
    ];
    return el("p", { "class": "allchat-source" }, parts);
  }

  // Folds each source into the answer before it, leaving out its plain line.
  function withSources(messages) {
    var kept = [];
    messages.forEach(function (message) {
      var source = message && message.custom && message.custom.source;
      if (!source || typeof source.text !== "string" || typeof source.title !== "string") {
        if (!(message && message.custom)) { kept.push(message); }
        return;
      }
      var line = kept.length && kept[kept.length - 1].text === source.text ? kept.pop() : null;
      var answer = kept.length ? kept[kept.length - 1] : null;
      if (answer) {
        kept[kept.length - 1] = Object.assign({}, answer, {
          source: { text: source.text, title: source.title, anchor: String(source.anchor || "") },
          buttons: (answer.buttons || []).concat((line && line.buttons) || [])
        });
      } else if (line) {
        kept.push(line);
      }
    });
    return kept;
  }

  function quickReplies(buttons) {
    var group = el("div", { "class": "allchat-quick", role: "group", "aria-label": "Suggested questions" });
    buttons.forEach(function (button) {
      var chip = el("button", { type: "button", "class": "allchat-chip", text: button.title });
      chip.addEventListener("click", function (event) {
        send(button.payload, button.title);
        // The chips go away once one is chosen: keep focus in the panel. A keyboard press
        // (detail 0) goes on to the input; a tap goes to the log, so no phone keyboard pops up.
        if (event.detail === 0) { input.focus(); } else { log.focus({ preventScroll: true }); }
      });
      group.appendChild(chip);
    });
    return group;
  }

  function scrollToEnd() { log.scrollTop = log.scrollHeight; }

  // Quick replies belong to the latest bot turn only; older ones are dropped.
  function dropQuickReplies() {
    Array.prototype.forEach.call(log.querySelectorAll(".allchat-quick"), function (node) { node.remove(); });
  }
  function dropErrors() {
    Array.prototype.forEach.call(log.querySelectorAll(".allchat-msg--error"), function (node) { node.remove(); });
  }

  function renderTranscript() {
    log.textContent = "";
    // The latest bot turn may be several messages (an answer, then "Was this helpful?"): each
    // keeps its quick replies, as when it arrived.
    var turnStart = 0;
    transcript.forEach(function (entry, i) { if (entry.from !== "bot") { turnStart = i + 1; } });
    transcript.forEach(function (entry, i) {
      log.appendChild(bubble(entry));
      if (i >= turnStart && entry.buttons && entry.buttons.length) {
        log.appendChild(quickReplies(entry.buttons));
      }
    });
    scrollToEnd();
  }

  function remember(entry) {
    transcript.push(entry);
    if (transcript.length > MAX_TRANSCRIPT) { transcript = transcript.slice(-MAX_TRANSCRIPT); }
    save("transcript", transcript);
  }

  function addBotMessages(messages) {
    var firstNew = null;
    withSources(messages).forEach(function (message) {
      var text = typeof message.text === "string" ? message.text : "";
      var buttons = (Array.isArray(message.buttons) ? message.buttons : []).filter(function (b) {
        return b && typeof b.title === "string" && typeof b.payload === "string";
      }).map(function (b) { return { title: b.title, payload: b.payload }; });
      if (!text && !buttons.length) { return; }
      var entry = { from: "bot", text: text, buttons: buttons };
      if (message.source) { entry.source = message.source; }
      remember(entry);
      var node = text ? log.appendChild(bubble(entry)) : null;
      if (buttons.length) { log.appendChild(quickReplies(buttons)); }
      firstNew = firstNew || node;
    });
    // A long answer is shown from its start, not scrolled past it to the quick replies.
    if (firstNew && log.scrollHeight - firstNew.offsetTop > log.clientHeight) {
      log.scrollTop = firstNew.offsetTop - 12;
    } else {
      scrollToEnd();
    }
  }

  function showError(text, retry) {
    dropErrors();
    var box = el("div", { "class": "allchat-msg allchat-msg--error", role: "alert" }, [el("p", { text: text })]);
    if (retry) {
      var again = el("button", { type: "button", "class": "allchat-retry", text: "Try again" });
      again.addEventListener("click", function () { box.remove(); input.focus(); retry(); });
      box.appendChild(again);
    }
    log.appendChild(box);
    scrollToEnd();
  }

  function setPending(value) {
    pending = value;
    typing.hidden = !value;
    sendButton.disabled = value;
    log.setAttribute("aria-busy", value ? "true" : "false");
    Array.prototype.forEach.call(log.querySelectorAll(".allchat-chip"), function (chip) { chip.disabled = value; });
    if (value) { scrollToEnd(); }
  }

  // ---- talking to the assistant
  function request(message) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    return fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: message }),
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
  }

  function deliver(payload) {
    setPending(true);
    return request(payload).then(function (messages) {
      setPending(false);
      addBotMessages(messages);
    }, function (error) {
      setPending(false);
      if (error && error.visitorMessage) {
        showError(error.visitorMessage, null);
      } else {
        showError(UNREACHABLE, function () { deliver(payload); });
      }
    });
  }

  // Sends a typed question, or a quick reply's payload shown as its title.
  function send(payload, shown) {
    if (pending) { return; }
    var text = (shown || payload).trim();
    if (!text) { return; }
    dropQuickReplies();
    dropErrors();
    var entry = { from: "user", text: text };
    remember(entry);
    log.appendChild(bubble(entry));
    scrollToEnd();
    deliver(payload);
  }

  // ---- open / close
  function isOpen() { return !panel.hidden; }

  function open(focusInput) {
    panel.hidden = false;
    root.classList.add("is-open");
    launcher.setAttribute("aria-expanded", "true");
    save("open", true);
    scrollToEnd();
    if (focusInput !== false) { input.focus(); }
    if (!transcript.length && !pending) { deliver(GREETING); }
  }

  function close() {
    panel.hidden = true;
    root.classList.remove("is-open");
    launcher.setAttribute("aria-expanded", "false");
    save("open", false);
    launcher.focus();
  }

  launcher.addEventListener("click", function () { if (isOpen()) { close(); } else { open(); } });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); close(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (pending || !input.value.trim()) { return; }
    var text = MAX_CHARS ? input.value.slice(0, MAX_CHARS) : input.value;
    input.value = "";
    send(text, text);
  });

  function start() {
    document.body.appendChild(root);
    renderTranscript();
    // Page elements marked data-open-chat (e.g. "Ask our assistant") open the panel.
    Array.prototype.forEach.call(document.querySelectorAll("[data-open-chat]"), function (node) {
      node.addEventListener("click", function () { open(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-open-chat-card]"), function (node) {
      node.hidden = false;
    });
    if (load("open", false)) { open(false); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
