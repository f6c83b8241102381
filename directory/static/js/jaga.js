// Jaga's own JavaScript: small enhancements on top of pages that work without it.
(function () {
  "use strict";

  // Tell screen-reader users how many results an htmx swap brought.
  document.addEventListener("htmx:afterSwap", function (event) {
    markFieldFromCheck(event.detail.target);
    var count = event.detail.target.querySelector("[data-announce]");
    var announcer = document.getElementById("announcer");
    if (count && announcer) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = count.textContent; }, 50);
    }
  });

  // A field checked as it was left (the phone numbers): mark it invalid or valid too.
  function markFieldFromCheck(message) {
    if (!message || !message.classList || !message.classList.contains("field-error")) return;
    message = document.getElementById(message.id) || message;  // outerHTML swaps replace it
    var field = document.querySelector('[aria-describedby~="' + message.id + '"]');
    if (field) field.setAttribute("aria-invalid", message.hidden ? "false" : "true");
  }

  // Leave empty filters out of the request, so shared links stay short.
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    if (event.detail.verb !== "get" || !params) return;
    Array.from(params.keys ? params.keys() : Object.keys(params)).forEach(function (key) {
      var value = params.get ? params.get(key) : params[key];
      if (value === "") {
        if (params.delete) params.delete(key); else delete params[key];
      }
    });
  });

  // The same address again (e.g. "Show results" after a change already showed them) replaces
  // the history entry instead of adding an identical one, so one Back press goes back.
  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var update = event.detail.history;
    if (update && update.type === "push" &&
        new URL(update.path, location.href).href === location.href) {
      update.type = "replace";
    }
  });

  // "Copy link" buttons: shown only where the clipboard can be used.
  function initCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var input = document.querySelector(button.getAttribute("data-copy"));
        var status = button.closest("section").querySelector("[data-copied-text]");
        navigator.clipboard.writeText(input.value).then(function () {
          if (status) status.textContent = status.getAttribute("data-copied-text");
        });
      });
    });
  }

  // Keep the offline crisis card on this device (see /sw.js).
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch(function () { /* the site works without it */ });
  }

  // A filter change that cannot reach the server: say so, instead of showing old results.
  document.addEventListener("htmx:sendError", function (event) {
    var target = event.detail.target;
    var message = document.documentElement.getAttribute("data-offline-message");
    if (target && message) {
      var notice = document.createElement("p");
      notice.className = "notice notice-error";
      notice.setAttribute("role", "alert");
      notice.textContent = message;
      target.prepend(notice);
    }
  });

  // Wide screens show the filters beside the results: unfold them there (CSS does the same
  // without JavaScript where the browser supports ::details-content).
  function unfoldFiltersWhenWide() {
    var panel = document.getElementById("filters-panel");
    if (panel && window.matchMedia("(min-width: 60rem)").matches) panel.open = true;
  }

  function init() {
    initCopyButtons();
    unfoldFiltersWhenWide();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
