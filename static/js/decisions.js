// verifier: the editor's decision box (progressive enhancement only; every form works without this
// file). Event delegation, so a claim panel swapped in by app.js is handled too.
(function () {
  "use strict";

  // A correction form shows only the fields its kind uses: a new rating for a rating change, a new
  // explanation for a correction or an update.
  const FIELDS_BY_KIND = { rating_change: ["rating"], correction: ["explanation"], update: ["explanation"] };

  function syncCorrectionFields(form) {
    const kind = form.elements.kind ? form.elements.kind.value : "";
    const wanted = FIELDS_BY_KIND[kind] || [];
    form.querySelectorAll("[data-correction-field]").forEach((box) => {
      const name = box.dataset.correctionField;
      if (name === "rating" || name === "explanation") box.hidden = !wanted.includes(name);
    });
  }

  // Publish publishes the stored draft: say so when the draft form has unsaved edits.
  function markUnsaved(form) {
    const box = form.closest(".decision-box");
    const note = box && box.querySelector("[data-unsaved-note]");
    if (note) note.hidden = false;
  }

  document.addEventListener("change", (event) => {
    const form = event.target.form;
    if (!form) return;
    if (form.classList.contains("correction-form") && event.target.name === "kind") syncCorrectionFields(form);
    if (form.classList.contains("decision-form")) markUnsaved(form);
  });

  document.addEventListener("input", (event) => {
    const form = event.target.form;
    if (form && form.classList.contains("decision-form")) markUnsaved(form);
  });

  function setUp() {
    document.querySelectorAll("form.correction-form").forEach(syncCorrectionFields);
  }

  // app.js replaces <main> after each fetch: watch for new correction forms.
  new MutationObserver(setUp).observe(document.documentElement, { childList: true, subtree: true });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
