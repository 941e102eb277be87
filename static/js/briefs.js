// Progressive enhancement only: without this file the brief says how to print it.
(function () {
  "use strict";
  document.querySelectorAll(".print-control__button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
