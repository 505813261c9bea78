/* Starts Wagtail admin widgets from data attributes instead of inline scripts, so that
   the admin works under a Content Security Policy without 'unsafe-inline'.
   Markers: <span hidden data-motesplats-init="NAME" data-target="ID" data-options="JSON">
   NAME is one of Wagtail's global initialisers (functions or panel classes). */
(function () {
  "use strict";

  // Plain functions; every other name is a constructor (panels, choosers).
  var FUNCTIONS = ["initDateChooser", "initTimeChooser", "initDateTimeChooser"];

  function lookup(name) {
    // Names may be dotted, e.g. "wagtail.admin.widgets.Chooser".
    return name.split(".").reduce(function (scope, part) {
      return scope ? scope[part] : undefined;
    }, window);
  }

  function start(marker) {
    var name = marker.getAttribute("data-motesplats-init");
    var target = lookup(name);
    if (typeof target !== "function") {
      return false;
    }
    marker.setAttribute("data-motesplats-started", "");
    var options = JSON.parse(marker.getAttribute("data-options") || "{}");
    var id = marker.getAttribute("data-target");
    if (FUNCTIONS.indexOf(name) !== -1) {
      target(id, options);
    } else if (id) {
      new target(id, options); // eslint-disable-line no-new
    } else {
      // Wagtail's panels register themselves with the form on construction.
      new target(options); // eslint-disable-line no-new
    }
    return true;
  }

  function startAll() {
    var markers = document.querySelectorAll(
      "[data-motesplats-init]:not([data-motesplats-started])"
    );
    Array.prototype.forEach.call(markers, start);
  }

  function watch() {
    startAll();
    // Forms added later (inline panel children, dialogs, listing filters) bring markers.
    new MutationObserver(startAll).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
