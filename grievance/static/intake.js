/* Progressive enhancement for the complaint form; everything works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    // Step 1: tapping a category goes straight to the form. Only a pointer tap: keyboard
    // users move through the options with the arrow keys and continue with the button.
    document.querySelectorAll("form[data-autosubmit] input[type=radio]").forEach(function (radio) {
      radio.addEventListener("click", function (event) { if (event.detail > 0) radio.form.submit(); });
    });
    // A double tap sends the form once (the server refuses a second complaint anyway).
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.sent) { event.preventDefault(); return; }
        form.dataset.sent = "1";
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
      });
    });
    // Anonymous: hide the identity fields (the server refuses them anyway).
    var identity = document.getElementById("identity");
    var radios = document.querySelectorAll("input[name=privacy]");
    function sync() {
      var anon = document.querySelector("input[name=privacy]:checked");
      if (identity) identity.hidden = !!(anon && anon.value === "anonymous");
    }
    radios.forEach(function (r) { r.addEventListener("change", sync); });
    sync();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
