// "Did you get through?": without JavaScript the question is always shown under each call
// button. Here it is hidden until the person uses a call link and comes back to the page
// (the phone app closed, the tab visible again). Nothing is stored on the device.
(function () {
  "use strict";
  var selector = "form.got-through";
  var pending = null;
  var timer = null;

  function hideAll() {
    document.querySelectorAll(selector).forEach(function (form) { form.hidden = true; });
  }

  function ask() {
    if (!pending) return;
    var form = pending;
    pending = null;
    clearTimeout(timer);
    if (form.isConnected) form.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", hideAll);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".lines > li > a[href], .line-call > a[href]");
    if (!link) return;
    var form = link.parentElement.querySelector(selector);
    if (!form) return;
    pending = form;
    clearTimeout(timer);
    // A browser with nothing to hand the call to never leaves the page: ask after a while.
    timer = setTimeout(ask, 10000);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") ask();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) ask();
  });
})();
