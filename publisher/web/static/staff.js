// Tarjima staff screens: live progress. No inline script anywhere (the
// Content-Security-Policy forbids it); everything works without JS. The language menu
// has a button of its own: it changes on that choice only, never on an arrow key.
"use strict";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// Live progress on an article's page: poll the API every two seconds while work runs.
const progress = document.getElementById("progress");
if (progress) {
  const status = document.getElementById("live-status");
  const article = progress.dataset.article;
  let wasWorking = false;
  const poll = async () => {
    let editions;
    try {
      const response = await fetch(`/api/articles/${article}/progress`, {
        headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      editions = await response.json();
    } catch (error) {
      window.setTimeout(poll, 5000);
      return;
    }
    let working = false;
    for (const e of editions) {
      const row = progress.querySelector(`tr[data-locale="${e.locale}"]`);
      if (!row) continue;
      const set = (field, value) => {
        const cell = row.querySelector(`[data-field="${field}"]`);
        if (cell) cell.textContent = String(value);
      };
      set("translated-of", e.translated);
      set("total", e.total);
      set("translated", e.translated);
      set("needs_review", e.translated - e.approved);
      set("approved", e.approved);
      set("awaiting_human", e.awaiting_human);
      set("failed", e.failed);
      set("errors", e.errors);
      set("warnings", e.warnings);
      const bar = row.querySelector("progress");
      // The bar fills with translated text only: passages awaiting a human (no model for
      // the language) are not done, and the bar says so in words.
      if (bar) { bar.max = e.total || 1; bar.value = e.translated; }
      const state = row.querySelector('[data-field="bar-state"]');
      if (state) state.textContent = e.awaiting_human ? state.dataset.awaiting : "";
      if (!e.done || e.edition === null) working = true;
    }
    status.textContent = working ? status.dataset.working : status.dataset.finished;
    if (working) {
      wasWorking = true;
      window.setTimeout(poll, 2000);
    } else if (wasWorking) {
      window.location.reload(); // show the finished editions' publish options
    }
  };
  poll();
}
// The review screen's own script is review.js (loaded by translate/review.html).
