// The rule form: only the fields in words of the chosen kind are shown (without
// JavaScript every kind's fields show, each under its kind's name). An element's
// data-kind lists the kinds it is for, separated by spaces ("-": none, a separator
// shown only without JavaScript).
(function () {
  function update(form) {
    var kind = form.querySelector("select[name=kind]");
    if (!kind) { return; }
    form.querySelectorAll("[data-kind]").forEach(function (section) {
      section.hidden = section.getAttribute("data-kind").split(" ").indexOf(kind.value) < 0;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.rule-form").forEach(function (form) {
      update(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "kind") { update(form); }
      });
    });
  });
})();
