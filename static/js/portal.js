/* Small behaviours of the portal's pages, in a static file so that the Content-Security-Policy
   can forbid inline script (no on*="..." attributes in templates). Event delegation on the
   document, so elements swapped in by htmx work too.
     data-autosubmit   on a <select>/<input>: submit its form when the value changes
     data-select-all   on an <input>: select its text when clicked (copy a link)
     data-confirm="…"  on a submit button or a <form>: ask before submitting
   Offline reading (templates/fokuss/sw.js): registers the service worker named by <body data-sw>,
   shows the "offline" banner on a page read from the phone's cache, disables the submit buttons
   of forms that write (method=post) while there is no connection, and empties the cache of
   pages on sign-out (form[data-logout]). */
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

  /* Tables wider than the phone scroll sideways: their scroll box must be reachable from the
     keyboard too (WCAG 2.1.1), so it becomes focusable. */
  function focusableScrollBoxes(root) {
    var boxes = (root || document).querySelectorAll(".table-responsive:not([tabindex])");
    Array.prototype.forEach.call(boxes, function (box) { box.setAttribute("tabindex", "0"); });
  }
  focusableScrollBoxes(document);
  document.addEventListener("htmx:afterSwap", function () { focusableScrollBoxes(document); });

  /* ---- Offline reading ---- */
  var body = document.body;

  function showOfflineBanner() {
    var banner = document.querySelector(".offline-banner");
    if (banner && (body.getAttribute("data-served") === "cache" || navigator.onLine === false)) {
      banner.hidden = false;
    }
  }

  function setWritesEnabled(enabled) {
    var message = body.getAttribute("data-offline-write") || "";
    var forms = document.querySelectorAll("form[method=post], form[method=POST]");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.hasAttribute("data-logout")) {
        return;
      }
      var buttons = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
      Array.prototype.forEach.call(buttons, function (button) {
        if (!enabled && !button.disabled) {
          button.disabled = true;
          button.setAttribute("data-offline-disabled", "");
          button.setAttribute("title", message);
        } else if (enabled && button.hasAttribute("data-offline-disabled")) {
          button.disabled = false;
          button.removeAttribute("data-offline-disabled");
          button.removeAttribute("title");
        }
      });
      var note = form.querySelector(".offline-note");
      if (!enabled && !note && buttons.length) {
        note = document.createElement("p");
        note.className = "offline-note small mb-0";
        note.setAttribute("role", "status");
        note.textContent = message;
        form.appendChild(note);
      } else if (enabled && note) {
        note.remove();
      }
    });
  }

  window.addEventListener("offline", function () {
    showOfflineBanner();
    setWritesEnabled(false);
  });
  window.addEventListener("online", function () {
    var banner = document.querySelector(".offline-banner");
    if (banner && body.getAttribute("data-served") !== "cache") {
      banner.hidden = true;
    }
    setWritesEnabled(true);
  });
  showOfflineBanner();
  if (navigator.onLine === false || body.getAttribute("data-served") === "cache") {
    setWritesEnabled(false);
  }

  function tellWorker(message) {
    if ("serviceWorker" in navigator && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage(message);
    }
  }

  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-logout") && !event.defaultPrevented) {
      tellWorker({type: "clear-user-caches"});
    }
  });

  var workerUrl = body.getAttribute("data-sw");
  if (workerUrl && "serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(workerUrl, {scope: "/"}).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // This page was loaded before the worker controlled the tab: ask it to keep a copy.
      if (!navigator.serviceWorker.controller && registration.active && body.getAttribute("data-served") === "network") {
        registration.active.postMessage({type: "keep-page", url: window.location.href});
      }
    }).catch(function () { /* no offline reading in this browser; the portal works as before */ });
  }
})();
