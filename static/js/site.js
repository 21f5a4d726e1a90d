// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Forms marked data-autosubmit submit when a select changes (the button stays for no-JS).
    // Their button is then hidden: the drop-down has the room to show its whole choice.
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
      select.form.querySelectorAll("button[type=submit]").forEach(function (b) { b.hidden = true; });
    });
    // The menu stands open on wide screens; site.css does it where the browser can.
    var menu = document.querySelector("details.menu-fold");
    if (menu && window.matchMedia("(min-width: 60em)").matches &&
        !(window.CSS && CSS.supports && CSS.supports("selector(::details-content)"))) {
      menu.open = true;
    }
    // A link marked data-autodownload starts the download once when the page opens.
    // The page says so (the sentence is hidden without JavaScript, where nothing starts).
    var download = document.querySelector("a[data-autodownload]");
    if (download) {
      document.querySelectorAll("[data-autodownload-note]").forEach(function (note) { note.hidden = false; });
      window.setTimeout(function () { download.click(); }, 300);
    }
    // "Tous présents" ticks every "Présent" of its section on the page itself (without
    // JavaScript, it asks the server for the page again with everyone ticked).
    document.querySelectorAll("button[data-all-present]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        button.closest("section").querySelectorAll("input[type=radio][value=present]")
          .forEach(function (radio) { radio.checked = true; });
      });
    });
    // Buttons of forms marked data-once are disabled after the first submit (double clicks).
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) {
          window.setTimeout(function () { b.disabled = true; }, 0);
        });
      });
    });
  });
})();
