// Tarjima review screen: save and approve in place through the JSON API, one unbroken
// keyboard loop, live counts and filters, placeholder chips, copy source, suggestions.
// Without scripts the forms post to the server and the page reloads (same behaviour).
"use strict";

(() => {
  const list = document.querySelector("ol[data-review]");
  const strings = document.getElementById("review-strings");
  if (!list || !strings) return;
  const text = strings.dataset;
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  const rows = () => Array.from(list.querySelectorAll("li[data-segment-id]"));
  const visible = () => rows().filter((row) => !row.hidden);
  const areaOf = (row) => row.querySelector("textarea[data-segment]");
  const rowOf = (element) => element.closest("li[data-segment-id]");
  const flagsOf = (row) => (row.dataset.flags || "").split(" ").filter(Boolean);
  const format = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));
  const clock = (iso) => {
    const when = iso ? new Date(iso) : new Date();
    return when.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  };

  // -- focus: a box gets focus, is scrolled into view, caret at the end ---------------------
  const focusRow = (row) => {
    if (!row) return false;
    const area = areaOf(row);
    area.focus({ preventScroll: true });
    area.scrollIntoView({ block: "center" });
    area.setSelectionRange(area.value.length, area.value.length);
    return true;
  };
  const after = (row, wanted) => {
    const all = visible();
    const start = all.indexOf(row);
    for (let i = start + 1; i < all.length; i += 1) if (wanted(all[i])) return all[i];
    return null;
  };
  const before = (row) => {
    const all = visible();
    return all[all.indexOf(row) - 1] || null;
  };
  const isOpen = (row) => flagsOf(row).includes("open");

  // -- counts and filters, kept live on the client ------------------------------------------
  const filters = document.querySelector("[data-filters]");
  let shown = new URLSearchParams(window.location.search).get("show") || "all";
  const recount = () => {
    const counts = { all: rows().length };
    for (const row of rows()) for (const flag of flagsOf(row)) counts[flag] = (counts[flag] || 0) + 1;
    filters.querySelectorAll("[data-count]").forEach((cell) => {
      cell.textContent = String(counts[cell.dataset.count] || 0);
    });
  };
  const applyFilter = (key) => {
    shown = key;
    for (const row of rows()) row.hidden = key !== "all" && !flagsOf(row).includes(key);
    filters.querySelectorAll("a[data-filter]").forEach((link) => {
      if (link.dataset.filter === key) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  };
  filters.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-filter]");
    if (!link) return;
    event.preventDefault();
    applyFilter(link.dataset.filter);
    const url = new URL(window.location.href);
    url.searchParams.set("show", link.dataset.filter);
    window.history.replaceState(null, "", url);
    focusRow(visible()[0]);
  });

  // -- a saved segment: status, version, flags, warnings, "saved at" --------------------------
  // A QA finding or a refusal in the staff member's language (label), else in English.
  const said = (found) => found.label || found.message;
  const listItem = (className, words) => {
    const item = document.createElement("li");
    item.className = className;
    item.textContent = words;
    return item;
  };
  const showSegment = (row, segment) => {
    const form = row.querySelector("form");
    form.querySelector("[data-version]").value = String(segment.version);
    row.dataset.flags = segment.flags.join(" ");
    const status = segment.draft ? "draft" : segment.status || "pending";
    row.className = row.className.replace(/\bstatus-\S+/, `status-${status}`).replace(" has-problem", "");
    // data-status-needs_review is dataset.statusNeeds_review: only "-x" is camel-cased.
    const label = text[`status${status.charAt(0).toUpperCase()}${status.slice(1)}`];
    row.querySelector("[data-status]").textContent = label || status;
    const saved = row.querySelector("[data-saved]");
    saved.textContent = segment.status === "approved"
      ? format(text.approved, { time: clock(segment.approved_at), name: segment.approved_by })
      : format(text.saved, { time: clock(segment.updated_at), name: segment.updated_by });
    if (segment.status === "approved" && segment.confirmed_by) {
      saved.append(document.createElement("br"), listItem("confirmed",
        `⚠ ${format(text.confirmed, { name: segment.confirmed_by, time: clock(segment.confirmed_at) })}`));
    }
    const warnings = row.querySelector("[data-warnings]");
    warnings.replaceChildren(...segment.warnings.map((w) => listItem(
      w.severity, w.severity === "error" ? `✖ ${text.errorPrefix}: ${said(w)}` : `⚠ ${text.warningPrefix}: ${said(w)}`,
    )));
    row.querySelector("[data-notice]").replaceChildren();
    recount();
  };

  // -- refusals shown in place: a conflict (both texts) or QA errors (confirm) -----------------
  const button = (words, className, onClick) => {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = words;
    element.addEventListener("click", onClick);
    return element;
  };
  const showConflict = (row, refused) => {
    const current = refused.current;
    const area = areaOf(row);
    const box = document.createElement("div");
    box.className = "conflict";
    box.setAttribute("role", "alert");
    const title = document.createElement("p");
    title.textContent = format(text.conflict, { name: current.updated_by || "?", time: clock(current.updated_at) });
    const theirs = document.createElement("q");
    theirs.lang = area.lang;
    theirs.textContent = current.text || "";
    const mine = row.querySelector("[data-version]");
    box.append(title, theirs, document.createElement("br"),
      button(text.useTheirs, "small", () => {
        area.value = current.text || "";
        mine.value = String(current.version);
        box.remove();
        focusRow(row);
      }),
      button(text.keepMine, "small", () => {
        mine.value = String(current.version);
        box.remove();
        focusRow(row);
      }));
    row.querySelector("[data-notice]").replaceChildren(box);
    row.classList.add("has-problem");
  };
  const showConfirmation = (row, refused) => {
    const box = document.createElement("div");
    box.className = "confirm";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", text.confirmTitle);
    const title = document.createElement("p");
    title.textContent = text.confirmTitle;
    const errors = document.createElement("ul");
    errors.replaceChildren(...refused.errors.map((e) => listItem("error", `✖ ${text.errorPrefix}: ${said(e)}`)));
    const confirm = button(text.confirm, "primary small", () => send(row, true, true));
    const back = button(text.keepEditing, "small", () => { box.remove(); focusRow(row); });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); back.click(); }
    });
    box.append(title, errors, confirm, back);
    row.querySelector("[data-notice]").replaceChildren(box);
    row.classList.add("has-problem");
    confirm.focus();
  };
  const showFailure = (row, message) => {
    const box = document.createElement("p");
    box.className = "flash error";
    box.setAttribute("role", "alert");
    box.textContent = message;
    row.querySelector("[data-notice]").replaceChildren(box);
  };

  // -- names the glossary lacks, offered after an approval (plain forms: Accept, Dismiss) -------
  const offerTemplate = document.getElementById("name-offer-template");
  const showOffers = (row, offers) => {
    if (!offerTemplate) return false;
    const panel = offerTemplate.content.firstElementChild.cloneNode(true);
    const items = panel.querySelector("ul");
    const model = items.firstElementChild;
    model.remove();
    const next = row.querySelector('input[name="next_segment"]');
    for (const offer of offers) {
      const item = model.cloneNode(true);
      item.querySelector("[data-offer-name]").textContent = offer.name;
      item.querySelector('input[name="name"]').value = offer.name;
      item.querySelector('input[name="spelling"]').value = offer.spelling;
      item.querySelector('input[name="segment_id"]').value = row.dataset.segmentId;
      item.querySelector('input[name="next_segment"]').value = next ? next.value : "";
      items.append(item);
    }
    const old = row.querySelector("[data-name-offers]");
    if (old) old.remove();
    row.append(panel);
    const first = panel.querySelector('input[name="spelling"]');
    first.focus();
    first.select();
    return true;
  };

  // -- saving through the API ----------------------------------------------------------------
  const busy = new WeakSet();
  const send = async (row, approve, confirmErrors = false) => {
    if (busy.has(row)) return;
    busy.add(row);
    const area = areaOf(row);
    const sent = area.value;
    const body = {
      text: area.value, approve, confirm_errors: confirmErrors,
      version: Number(row.querySelector("[data-version]").value),
    };
    let response;
    let payload;
    try {
      response = await fetch(text.api + row.dataset.segmentId, {
        method: "PUT", credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(body),
      });
      payload = await response.json();
    } catch (error) {
      busy.delete(row);
      showFailure(row, text.failed);
      return;
    }
    busy.delete(row);
    if (response.ok) {
      showSegment(row, payload);
      if (area.value !== sent) {
        // Typed while the save was on its way: that text is not saved; say so, stay.
        row.dataset.dirty = "1";
        showFailure(row, text.unsaved);
        return;
      }
      delete row.dataset.dirty;
      if (approve && (payload.name_offers || []).length && showOffers(row, payload.name_offers)) {
        return;  // names the glossary lacks: offered at this segment, the focus on the first
      }
      // Move on only if the translator is still here (not already typing elsewhere).
      const here = row.contains(document.activeElement) || document.activeElement === document.body;
      if (approve && here) {
        focusRow(after(row, isOpen) || visible().find((r) => isOpen(r) && r !== row)
          || after(row, () => true) || row);
      } else if (here) focusRow(row);
    } else if (response.status === 409 && payload.reason === "qa_errors") {
      showConfirmation(row, payload);
    } else if (response.status === 409 && payload.reason === "conflict") {
      showConflict(row, payload);
      focusRow(row);
    } else {
      const detail = payload.label || (typeof payload.detail === "string" ? payload.detail
        : (payload.detail || []).map((d) => d.message).join("; "));
      showFailure(row, detail || text.failed);
      focusRow(row);
    }
  };

  // -- placeholders: insert at the caret; the next one missing from the translation -------------
  const insert = (area, token) => {
    const start = area.selectionStart;
    const end = area.selectionEnd;
    const paired = token.includes("…");
    const [open, close] = paired ? token.split("…") : [token, ""];
    const chosen = area.value.slice(start, end);
    const piece = paired ? `${open}${chosen}${close}` : token;
    area.setRangeText(piece, start, end, "end");
    if (paired && !chosen) area.setSelectionRange(start + open.length, start + open.length);
    area.focus();
  };
  const nextMissing = (row) => {
    const area = areaOf(row);
    const tokens = Array.from(row.querySelectorAll("button[data-token]")).map((b) => b.dataset.token);
    return tokens.find((token) => !area.value.includes(token.split("…")[0])) || null;
  };
  const insertNextPlaceholder = (row) => {
    const token = nextMissing(row);
    if (token) insert(areaOf(row), token);
    else areaOf(row).focus();
  };
  // Replace the box's text as typing would, so Ctrl+Z brings the old text back.
  const replaceText = (area, words) => {
    area.focus();
    area.select();
    if (!document.execCommand("insertText", false, words)) area.value = words;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const copySource = (row) => {
    const area = areaOf(row);
    replaceText(area, row.dataset.source);
    area.setSelectionRange(area.value.length, area.value.length);
  };

  list.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target) return;
    const row = rowOf(target);
    if (target.dataset.token) insert(areaOf(row), target.dataset.token);
    else if ("copySource" in target.dataset) copySource(row);
    else if ("nextPlaceholder" in target.dataset) insertNextPlaceholder(row);
    else if ("use" in target.dataset) {
      replaceText(areaOf(row), target.dataset.use);
      focusRow(row);
    }
  });

  list.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-segment-form]");
    if (!form) return;
    event.preventDefault();
    const action = event.submitter ? event.submitter.value : "save";
    send(rowOf(form), action !== "save", action === "approve_confirmed");
  });

  // From an offer, Esc (or Alt+N) leaves the names for later and goes on to the next open
  // segment: an offer never holds up a run of approvals.
  list.addEventListener("keydown", (event) => {
    const offers = event.target.closest("[data-name-offers]");
    if (!offers) return;
    if (event.key === "Escape" || (event.altKey && event.code === "KeyN")) {
      event.preventDefault();
      const row = rowOf(offers);
      focusRow(after(row, isOpen) || visible().find((r) => isOpen(r) && r !== row) || row);
    }
  });

  list.addEventListener("keydown", (event) => {
    const area = event.target.closest("textarea[data-segment]");
    if (!area) return;
    const row = rowOf(area);
    const ctrl = event.ctrlKey || event.metaKey;
    // Letters by their place on the keyboard (event.code), not the character they type:
    // with a Cyrillic layout Ctrl+S types "ы", and Option+N on a Mac is a dead key.
    const key = event.code;
    let handled = true;
    if (ctrl && event.key === "Enter") send(row, true);
    else if (ctrl && key === "KeyS") send(row, false);
    else if (event.altKey && event.key === "ArrowDown") focusRow(after(row, () => true));
    else if (event.altKey && event.key === "ArrowUp") focusRow(before(row));
    else if (event.altKey && key === "KeyN") focusRow(after(row, isOpen) || visible().find(isOpen));
    else if (event.altKey && key === "KeyP") insertNextPlaceholder(row);
    else if (event.altKey && key === "KeyC") copySource(row);
    else handled = false;
    if (handled) event.preventDefault();
  });

  // Unsaved work is never lost silently: typing marks the row, a save clears the mark,
  // and leaving the page with a marked row asks first.
  list.addEventListener("input", (event) => {
    const area = event.target.closest("textarea[data-segment]");
    if (area) rowOf(area).dataset.dirty = "1";
  });
  window.addEventListener("beforeunload", (event) => {
    if (!list.querySelector("li[data-dirty]")) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Filters the screen knows (an unknown ?show= shows everything, as the server does).
  if (!filters.querySelector(`a[data-filter="${CSS.escape(shown)}"]`)) shown = "all";
  if (shown !== "all") applyFilter(shown);
  // The box to start in: the one the URL names, else the first open one.
  // An approval's name offers come first (the server marked the field to focus).
  const offer = document.querySelector("[data-offer-focus]");
  const wanted = new URLSearchParams(window.location.search).get("focus");
  const start = (wanted && document.getElementById(`s-${wanted}`)) || visible().find(isOpen);
  if (offer) offer.focus();
  else if (start) focusRow(start);
})();
