// Destructive actions ask first. A form sent by a button inside an element
// with data-confirm="<what will happen>" (the button, or the form itself), or
// whose checked choice carries one, goes only once the person agrees. The text
// is the server's, in the page's language.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var source = (event.submitter && event.submitter.closest("[data-confirm]")) ||
      form.querySelector("input[data-confirm]:checked") ||
      form.closest("[data-confirm]");
    if (source && !window.confirm(source.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
