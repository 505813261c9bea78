// The report's "Print / save as PDF" button: shown only when this script runs, so a
// page without JavaScript keeps the plain instruction beside it.
(function () {
  "use strict";
  document.querySelectorAll("[data-print-report]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
