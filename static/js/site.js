// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  // Empty fields are left out of the URL, so that shared links stay short. (Filters are not
  // applied on every change: a keyboard user moving through radio buttons would lose focus.)
  var form = document.getElementById("filter-form");
  if (form) {
    form.addEventListener("submit", function () {
      var fields = document.querySelectorAll("#filter-form [name], [form=filter-form][name]");
      fields.forEach(function (field) {
        if (!field.value) { field.disabled = true; }
      });
    });
  }
  // Selecting the shareable link selects all of it.
  document.querySelectorAll("input.copyable").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
