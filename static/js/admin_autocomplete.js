// Admin autocomplete fields (select2): name them after their label for screen readers.
// Select2 names its box after the current choice only, so an empty field (a new event's
// partner and venue) has no name at all (axe-core "aria-input-field-name").
"use strict";
{
  window.addEventListener("load", () => {
    for (const select of document.querySelectorAll("select.admin-autocomplete[id]")) {
      const label = document.querySelector(`label[for="${select.id}"]`);
      const container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) continue;
      label.id ||= `${select.id}_label`;
      const combobox = container.querySelector("[role=combobox]");
      const rendered = container.querySelector("[role=textbox]");
      if (combobox) {
        const current = combobox.getAttribute("aria-labelledby");
        combobox.setAttribute("aria-labelledby", current ? `${label.id} ${current}` : label.id);
      }
      if (rendered) rendered.setAttribute("aria-labelledby", label.id);
    }
  });
}
