// The post page's decision form: once a decision is chosen, the fields it does
// not read (marked data-shown-for="<the decisions that read it>") are hidden
// and disabled, so nothing typed for another choice is sent with it. Without
// this script every field shows and the server says what a choice is missing.
(function () {
  "use strict";
  var form = document.querySelector("form[data-decision-form]");
  if (!form) { return; }
  var parts = form.querySelectorAll("[data-shown-for]");

  function chosen() {
    var checked = form.querySelector("input[name=decision]:checked");
    return checked ? checked.value : "";
  }

  function update() {
    var decision = chosen();
    parts.forEach(function (part) {
      var shown = decision !== "" && part.dataset.shownFor.split(" ").indexOf(decision) !== -1;
      part.hidden = !shown;
      part.querySelectorAll("input, textarea, select").forEach(function (field) {
        field.disabled = !shown;
      });
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "decision") { update(); }
  });
  update();

  // Shown again with an error: bring the person to it.
  var invalid = form.querySelector("[aria-invalid=true], .has-error input, .errors");
  if (invalid) {
    form.scrollIntoView({ block: "start" });
    var field = form.querySelector("[aria-invalid=true]") ||
      form.querySelector(".has-error input, input[name=decision]");
    if (field) { field.focus({ preventScroll: true }); }
  }
})();
