// Admin change lists: an autocomplete filter applies as soon as an object is chosen.
"use strict";
{
  window.addEventListener("load", () => {
    django.jQuery("select[data-autosubmit]").on("change", (event) => {
      event.target.form.submit();
    });
  });
}
