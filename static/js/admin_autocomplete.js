// Admin autocomplete fields (select2): name them after their label for screen readers.
// Select2 names its box after the current choice only, so an empty field (a new event's
// partner and venue) has no name at all (axe-core "aria-input-field-name").
"use strict";
{
  const nameAfterLabels = () => {
    for (const select of document.querySelectorAll("select.admin-autocomplete[id]")) {
      const label = document.querySelector(`label[for="${select.id}"]`);
      const container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) continue;
      label.id ||= `${select.id}_label`;
      const combobox = container.querySelector("[role=combobox]");
      const rendered = container.querySelector("[role=textbox]");
      const current = combobox?.getAttribute("aria-labelledby") ?? "";
      if (combobox && !current.split(" ").includes(label.id)) {
        combobox.setAttribute("aria-labelledby", `${label.id} ${current}`.trim());
      }
      rendered?.setAttribute("aria-labelledby", label.id);
    }
  };
  // Django's autocomplete.js starts select2 in a jQuery "ready" handler, which jQuery runs
  // after the DOM is parsed, sometimes after "load": this deferred script's handler is
  // queued behind it.
  if (window.django?.jQuery) {
    window.django.jQuery(nameAfterLabels);
  }
}
