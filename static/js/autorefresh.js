// verifier: reload a page every few seconds while a background job runs (the import job page), with
// a button to pause it (WCAG 2.2.1: a timed refresh the reader can stop; a <meta refresh> cannot be).
// Without this file the page offers its "Refresh now" link.
(function () {
  "use strict";
  const box = document.querySelector("[data-autorefresh]");
  if (!box) return;
  const seconds = Math.max(Number(box.dataset.autorefresh) || 3, 1);
  const key = "verifier.autorefresh.paused";
  const toggle = box.querySelector("[data-autorefresh-toggle]");
  let timer = null;

  function paused() {
    try { return sessionStorage.getItem(key) === "1"; } catch (e) { return false; }
  }
  function setPaused(value) {
    try { if (value) sessionStorage.setItem(key, "1"); else sessionStorage.removeItem(key); } catch (e) { /* private mode */ }
  }
  function schedule() {
    if (timer) clearTimeout(timer);
    timer = paused() ? null : setTimeout(() => window.location.reload(), seconds * 1000);
    if (toggle) toggle.textContent = paused() ? "Resume automatic refresh" : "Pause automatic refresh";
  }
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => { setPaused(!paused()); schedule(); });
  }
  schedule();
})();
