// verifier reviewer pages: small progressive enhancement on top of server-rendered forms.
// - forms and links marked data-swap are sent with fetch and the page's <main> is replaced in place;
// - the article reader turns a text selection into code-point offsets for "Mark claim";
// - evidence items can be added; keyboard shortcuts 1/2/3, n and ? work outside text fields.
// No inline scripts (the Content-Security-Policy forbids them); data comes from json_script.
(function () {
  "use strict";

  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  // ---- on-screen confirmation ---------------------------------------------------------------
  function toast(text, kind) {
    let box = document.getElementById("toast");
    if (!box) {
      box = document.createElement("div");
      box.id = "toast";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      document.body.appendChild(box);
    }
    box.textContent = text;
    box.className = "toast " + (kind || "success");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.className = "toast hidden"; }, kind === "error" ? 12000 : 5000);
  }

  // ---- fetch + swap <main> ------------------------------------------------------------------
  async function swap(url, init, options) {
    options = options || {};
    let response;
    try {
      response = await fetch(url, Object.assign({ credentials: "same-origin", headers: { "X-Requested-With": "fetch" } }, init));
    } catch (err) {
      toast("Could not reach the server. Nothing was saved and what you typed is still here: try again.", "error");
      return false;
    }
    // Logged out meanwhile (session expired, or logged out in another tab): the request was
    // redirected to the login page. Never swap that in over a form someone has been filling in.
    const loginPath = document.body.dataset.loginUrl;
    if (loginPath && response.redirected && new URL(response.url).pathname === loginPath) {
      if (init && init.method === "POST") {
        toast("You are no longer logged in, so nothing was saved. What you typed is still here: " +
              "log in again in another tab, then save again.", "error");
      } else {
        window.location.assign(response.url);
      }
      return false;
    }
    const html = await response.text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    const fresh = doc.getElementById("content");
    if (!fresh || response.status >= 500) {
      toast("The server could not handle this (error " + response.status + "). Nothing you typed was lost: try again.", "error");
      return false;
    }
    document.title = doc.title;
    // Wide screens show the claim panel in a sticky side column: the article must not move.
    const keepY = window.scrollY;
    const wide = window.matchMedia("(min-width: 1100px)").matches && !!$("#side");
    document.getElementById("content").replaceWith(document.importNode(fresh, true));
    // A form that was not redirected (an error or a conflict) was answered at the URL it posted to:
    // keep the address bar on the page, so that a reload does not land on a POST-only URL.
    const posted = init && init.method === "POST" && !response.redirected;
    if (!posted) {
      const target = new URL(response.url);
      if (options.hash) target.hash = options.hash;
      if (options.push) history.pushState(null, "", target); else history.replaceState(null, "", target);
    }
    setUp();
    const alert = $("#content [data-autofocus]");
    const success = $("#content .messages .success");
    const error = $("#content .messages .error");
    if (alert) {
      alert.focus();
      alert.scrollIntoView({ block: "center" });
    } else if (options.focusPanel) {
      const heading = $("#panel-heading");
      if (heading) {
        heading.focus({ preventScroll: true });
        if (wide) $("#side").scrollTop = 0; // the panel is at the top of the side column
        else heading.scrollIntoView({ block: "start" });
      }
    }
    if (wide) window.scrollTo(window.scrollX, keepY);
    if (success) toast(success.textContent, "success");
    else if (error) toast(error.textContent, "error");
    else if (response.status === 400) toast("Not saved: please correct the marked fields.", "error");
    else if (alert && alert.classList.contains("duplicate")) toast(alert.textContent.trim(), "error");
    else if (response.status === 409) toast("Not saved: this changed since you loaded it — choose below.", "error");
    return true;
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (!form.hasAttribute("data-swap") || form.method.toLowerCase() !== "post") return;
    event.preventDefault();
    const body = new FormData(form, event.submitter);
    const buttons = $$("button[type=submit]", form);
    buttons.forEach((b) => { b.disabled = true; });
    const ok = await swap(form.action, { method: "POST", body: body }, { hash: "claim-panel" });
    if (!ok) buttons.forEach((b) => { b.disabled = false; });
  });

  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const link = event.target.closest("a[data-swap], a[data-claim-link]");
    if (link) {
      event.preventDefault();
      swap(link.href, {}, { push: true, focusPanel: true, hash: "claim-panel" });
      return;
    }
    const mark = event.target.closest("#article-body mark[data-claims]");
    if (mark && window.getSelection().isCollapsed) openClaimAt(mark);
  });

  window.addEventListener("popstate", () => window.location.reload());

  // ---- article reader: highlights and "Mark claim" ------------------------------------------
  function readerData() {
    const node = document.getElementById("reader-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function openClaimAt(mark) {
    // Overlapping claims: each click opens the next of the claims covering this spot (shortest first).
    const ids = mark.dataset.claims.split(" ");
    const current = new URL(window.location.href).searchParams.get("claim");
    const at = ids.indexOf(current);
    const id = ids[(at + 1) % ids.length];
    const data = readerData();
    if (!data) return;
    swap(data.articleUrl + "?claim=" + encodeURIComponent(id), {}, { push: true, focusPanel: true, hash: "claim-panel" });
  }

  const codePoints = (text) => Array.from(text).length;

  // The DOM counts UTF-16 code units; the server counts Unicode code points. The body's text
  // content is exactly the article body, so a UTF-16 offset into it converts losslessly.
  function selectedSpan(container) {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
    const text = container.textContent;
    const unitsBefore = (node, offset) => {
      const r = document.createRange();
      r.setStart(container, 0);
      r.setEnd(node, offset);
      return r.toString().length;
    };
    let start = unitsBefore(range.startContainer, range.startOffset);
    let end = unitsBefore(range.endContainer, range.endOffset);
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (start >= end) return null;
    return { start: codePoints(text.slice(0, start)), end: codePoints(text.slice(0, end)), quote: text.slice(start, end) };
  }

  let pending = null;

  document.addEventListener("selectionchange", () => {
    const body = document.getElementById("article-body");
    if (!body) return;
    const span = selectedSpan(body);
    if (!span) return; // keep the last selection: pressing the button may collapse it
    pending = span;
    const hint = document.getElementById("selection-hint");
    if (hint) hint.textContent = "Selected: “" + (span.quote.length > 120 ? span.quote.slice(0, 117) + "…" : span.quote) + "”. Press “Mark claim”.";
  });

  function openMarkForm() {
    const form = document.getElementById("mark-form");
    if (!form) return;
    form.hidden = false;
    const quote = form.elements.quote;
    if (pending) {
      form.elements.start.value = pending.start;
      form.elements.end.value = pending.end;
      quote.value = pending.quote;
      form.elements.statement.focus();
    } else {
      quote.focus();
    }
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest("#mark-button")) openMarkForm();
  });

  document.addEventListener("input", (event) => {
    // Typing a quote by hand: let the server locate it instead of trusting stale offsets.
    if (event.target.id === "mark_quote") {
      const form = event.target.form;
      form.elements.start.value = "";
      form.elements.end.value = "";
    }
  });

  // ---- evidence items -----------------------------------------------------------------------
  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-evidence]");
    if (!add) return;
    const fieldset = add.closest("fieldset.evidence");
    const total = $("input[name$='-TOTAL_FORMS']", fieldset);
    const index = parseInt(total.value, 10);
    const template = $("template.evidence-template", fieldset);
    $(".evidence-items", fieldset).insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    const items = $$(".evidence-item", $(".evidence-items", fieldset));
    const url = $("input[type=url]", items[items.length - 1]);
    if (url) url.focus();
  });

  document.addEventListener("change", (event) => {
    if (event.target.matches("input[name$='-DELETE']")) {
      event.target.closest(".evidence-item").classList.toggle("removed", event.target.checked);
    }
  });

  // ---- keyboard shortcuts -------------------------------------------------------------------
  const LABEL_KEYS = { 1: 0, 2: 1, 3: 2 };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      // Ctrl/Cmd+Enter in a verdict form saves it.
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.form && event.target.form.classList.contains("verdict-form")) {
        event.preventDefault();
        event.target.form.requestSubmit();
      }
      return;
    }
    const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    // Single-key shortcuts can be turned off per user (the dialog's setting, stored on the server).
    const settings = document.getElementById("shortcuts");
    if (settings && settings.dataset.singleKeys === "off") return;
    if (event.key === "?") {
      const dialog = document.getElementById("shortcuts");
      if (dialog && !dialog.open) { event.preventDefault(); dialog.showModal(); }
      return;
    }
    if ($("dialog[open]")) return;
    if (event.key in LABEL_KEYS) {
      const form = $(".verdict-form");
      if (!form) return;
      const radios = $$("input[name=label]", form);
      const radio = radios[LABEL_KEYS[event.key]];
      if (!radio) return;
      event.preventDefault();
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      form.elements.rationale.focus();
      return;
    }
    if (event.key === "n") {
      const next = document.getElementById("next-claim");
      if (next) { event.preventDefault(); next.click(); }
    }
  });

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-show-shortcuts]")) {
      const dialog = document.getElementById("shortcuts");
      if (dialog) dialog.showModal();
    }
  });

  // ---- new project: suggest the address (slug) from the name while the slug field is untouched --
  document.addEventListener("input", (event) => {
    if (event.target.id !== "project_name") return;
    const slug = document.getElementById("project_slug");
    if (!slug || slug.dataset.touched) return;
    slug.placeholder = event.target.value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9\s-]/g, "").trim().replace(/[\s-]+/g, "-").slice(0, 90);
  });
  document.addEventListener("change", (event) => {
    if (event.target.id === "project_slug") event.target.dataset.touched = "1";
  });

  // ---- set-up after every page load and swap ------------------------------------------------
  function setUp() {
    const form = document.getElementById("mark-form");
    const button = document.getElementById("mark-button");
    if (form && button) {
      button.hidden = false;
      if (!form.hasAttribute("data-open")) form.hidden = true;
    }
    pending = null;
    $$("input[name$='-DELETE']").forEach((box) => box.closest(".evidence-item").classList.toggle("removed", box.checked));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
