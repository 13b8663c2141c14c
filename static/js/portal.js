/* Small behaviours of the portal's pages, in a static file so that the Content-Security-Policy
   can forbid inline script (no on*="..." attributes in templates). Event delegation on the
   document, so elements swapped in by htmx work too.
     data-autosubmit   on a <select>/<input>: submit its form when the value changes
     data-select-all   on an <input>: select its text when clicked (copy a link)
     data-confirm="…"  on a submit button or a <form>: ask before submitting */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) {
      field.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var input = event.target.closest("input[data-select-all]");
    if (input) {
      input.select();
      return;
    }
    var button = event.target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
