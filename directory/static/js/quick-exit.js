// Quick exit: leave for a neutral site at once, and do not come back with the Back button.
// Loaded in <head> without defer so the "came back" check runs before the page shows.
(function () {
  "use strict";
  var KEY = "jaga-left";
  var root = document.documentElement;
  var target = root.getAttribute("data-exit-url");

  function remember(value) {
    try {
      if (value) { sessionStorage.setItem(KEY, "1"); } else { sessionStorage.removeItem(KEY); }
    } catch (e) { /* storage may be disabled; the exit itself still works */ }
  }
  function hasLeft() {
    try { return sessionStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function leave() {
    remember(true);
    root.classList.add("leaving");
    window.location.replace(target);
  }
  function cameBackInHistory() {
    var entries = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].type === "back_forward";
  }

  if (hasLeft()) {
    if (cameBackInHistory()) { leave(); return; }
    remember(false); // the person came back on purpose
  }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && hasLeft()) { leave(); }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("#quick-exit") : null;
    if (link) { event.preventDefault(); leave(); }
  });
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1500) { leave(); }
    lastEscape = now;
  });
})();
