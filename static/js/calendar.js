/* The planning calendar: drag a post to another day.
 *
 * Dropping a post on a day fills its own "Move to" form with that day and
 * submits it, so a drag and the keyboard's form are one request, checked by
 * the server alike. No inline script, no eval: the CSP forbids both. */
(function () {
  "use strict";

  var dragged = null;

  function dayOf(target) {
    return target && target.closest ? target.closest("[data-day]") : null;
  }

  function clearTargets() {
    document.querySelectorAll(".drop-target").forEach(function (day) {
      day.classList.remove("drop-target");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var entry = event.target.closest ? event.target.closest("[data-move-form]") : null;
    if (!entry) {
      return;
    }
    dragged = entry;
    entry.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", entry.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("dragging");
    }
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    var day = dayOf(event.target);
    if (!dragged || !day || day.classList.contains("past")) {
      return;  // a day gone by takes no post
    }
    event.preventDefault();  // this day accepts the drop
    event.dataTransfer.dropEffect = "move";
    if (!day.classList.contains("drop-target")) {
      clearTargets();
      day.classList.add("drop-target");
    }
  });

  document.addEventListener("dragleave", function (event) {
    var day = dayOf(event.target);
    if (day && !day.contains(event.relatedTarget)) {
      day.classList.remove("drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    var day = dayOf(event.target);
    if (!dragged || !day) {
      return;
    }
    event.preventDefault();
    var form = document.getElementById(dragged.getAttribute("data-move-form"));
    var field = form && form.querySelector("input[name=day]");
    clearTargets();
    if (!field || field.value === day.getAttribute("data-day")) {
      return;  // dropped on its own day
    }
    field.value = day.getAttribute("data-day");
    // The server judges the day (and says why not): no browser bubble first.
    form.submit();
  });
})();
