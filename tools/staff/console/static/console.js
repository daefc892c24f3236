// The staff console's only script: pages that wait for something (the test assistant, the
// answer sheet, a batch run) reload when it is ready; "Copy" buttons copy a snippet.
// Everything works without it, by reloading the page by hand.
"use strict";

function waitAndReload(element) {
  const what = element.dataset.waitFor;
  const check = async () => {
    try {
      if (what === "assistant") {
        const response = await fetch("/api/status", { headers: { Accept: "application/json" } });
        const status = await response.json();
        if (status.assistant !== "starting") { window.location.reload(); return; }
      } else {
        window.location.reload();
        return;
      }
    } catch (error) {
      // The console restarted or the network blinked: try again on the next tick.
    }
    window.setTimeout(check, 3000);
  };
  window.setTimeout(check, what === "assistant" ? 3000 : 4000);
}

function copyButton(button) {
  const source = document.getElementById(button.dataset.copy);
  const status = document.querySelector("[data-copy-status]");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent);
      if (status) status.textContent = "Copied.";
    } catch (error) {
      const range = document.createRange();
      range.selectNodeContents(source);
      window.getSelection().removeAllRanges();
      window.getSelection().addRange(range);
      if (status) status.textContent = "Selected: press Ctrl+C to copy.";
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const waiting = document.querySelector("[data-wait-for]");
  if (waiting) waitAndReload(waiting);
  document.querySelectorAll("[data-copy]").forEach(copyButton);
});
