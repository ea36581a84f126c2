// The editor: findings marked in the text as it is typed, linked both ways
// with their cards; one-click fixes; the brand's guidelines; the other
// language's label; adding a network's own text.
//
// The findings, counts and submit hint come from the server (views.live_check,
// driven by htmx attributes on #live-check): the same engine, rules and counts
// as the worker's check. This file only draws what it is given. The server's
// offsets count Unicode code points; a JavaScript string counts UTF-16 units,
// so offsets are converted before use.
(function () {
  "use strict";
  var form = document.getElementById("post-form");
  if (!form) { return; }
  var live = document.getElementById("live-check");
  var announcer = document.getElementById("mark-announcer");
  var brand = form.querySelector("select[name=brand]");

  // -- offsets ------------------------------------------------------------------

  // UTF-16 index of each code point offset of `text` (offsets sorted or not).
  function toUnits(text, offsets) {
    if (!/[\uD800-\uDBFF]/.test(text)) { return offsets.slice(); }
    var units = [0], i = 0;
    for (var ch of text) { i += ch.length; units.push(i); }
    return offsets.map(function (cp) { return units[Math.min(cp, units.length - 1)]; });
  }

  // -- marks: a layer over each textarea, its text transparent -------------------

  var before = {}; // field name → its text before the last edit
  var marks = {}; // field name → [{place, start, end, severity, card, matched}] in UTF-16 units
  var layers = {}; // field name → {textarea, mirror}
  var COPIED = ["fontFamily", "fontSize", "fontWeight", "fontStyle", "lineHeight", "letterSpacing",
    "wordSpacing", "textTransform", "textIndent", "paddingTop", "paddingLeft", "paddingBottom",
    "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "borderStyle",
    "boxSizing", "tabSize"];

  function field(name) {
    var element = form.elements.namedItem(name);
    return element && element.tagName === "TEXTAREA" ? element : null;
  }

  // Each textarea gets its layer before anyone types in it: moving a textarea in
  // the page would take the focus away from it.
  function wrap(textarea) {
    if (textarea.parentNode.classList.contains("mark-host")) { return; }
    var host = document.createElement("div");
    host.className = "mark-host";
    textarea.parentNode.insertBefore(host, textarea);
    host.appendChild(textarea);
    var mirror = document.createElement("div");
    mirror.className = "mark-mirror";
    mirror.setAttribute("aria-hidden", "true");
    host.appendChild(mirror);
    var made = { textarea: textarea, mirror: mirror };
    layers[textarea.name] = made;
    textarea.addEventListener("scroll", function () { mirror.scrollTop = textarea.scrollTop; });
    if (window.ResizeObserver) { new ResizeObserver(function () { place(made); }).observe(textarea); }
    mirror.addEventListener("mouseover", function (event) {
      var mark = event.target.closest(".mark");
      if (mark) { showCard(mark.dataset.card, false); }
    });
    // A mark lies over the text: a click on it puts the caret there, as on the text.
    mirror.addEventListener("mousedown", function (event) {
      var mark = event.target.closest(".mark");
      if (!mark) { return; }
      event.preventDefault();
      var found = markOf(textarea.name, Number(mark.dataset.place));
      if (found) { select(textarea, found.start, found.start); showCard(found.card, true); }
    });
    before[textarea.name] = textarea.value;
  }

  function wrapAll() {
    Array.from(form.querySelectorAll("textarea")).forEach(wrap);
  }

  function layer(name) {
    var made = layers[name];
    return made && made.textarea === field(name) ? made : null;
  }

  // The mirror lays its text out exactly as the textarea does.
  function place(made) {
    var style = getComputedStyle(made.textarea);
    var mirror = made.mirror;
    COPIED.forEach(function (property) { mirror.style[property] = style[property]; });
    mirror.style.borderColor = "transparent";
    var scrollbar = made.textarea.offsetWidth - made.textarea.clientWidth -
      parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
    mirror.style.paddingRight = (parseFloat(style.paddingRight) + scrollbar) + "px";
    mirror.style.width = made.textarea.offsetWidth + "px";
    mirror.style.height = made.textarea.offsetHeight + "px";
    mirror.scrollTop = made.textarea.scrollTop;
  }

  function draw(name) {
    var found = marks[name] || [];
    var made = layer(name);
    if (!made) { return; }
    var text = made.textarea.value;
    var mirror = made.mirror;
    mirror.textContent = "";
    var at = 0;
    found.forEach(function (mark) {
      if (mark.start < at || mark.end <= mark.start) { return; } // overlaps an earlier mark
      mirror.appendChild(document.createTextNode(text.slice(at, mark.start)));
      var span = document.createElement("span");
      span.className = "mark sev-" + mark.severity;
      span.dataset.card = mark.card;
      span.dataset.place = String(mark.place);
      span.textContent = text.slice(mark.start, mark.end);
      mirror.appendChild(span);
      at = mark.end;
    });
    // The trailing space keeps a final line break as tall as the textarea's.
    mirror.appendChild(document.createTextNode(text.slice(at) + " "));
    place(made);
  }

  function markOf(name, number) {
    return (marks[name] || []).filter(function (m) { return m.place === number; })[0] || null;
  }

  // An edit keeps the marks before and after it (shifted) and drops those it touches,
  // until the next check redraws them all.
  form.addEventListener("input", function (event) {
    var textarea = event.target;
    if (textarea.tagName !== "TEXTAREA") { return; }
    var name = textarea.name, old = before[name] || "", now = textarea.value;
    before[name] = now;
    if (!marks[name]) { return; }
    var prefix = 0, max = Math.min(old.length, now.length);
    while (prefix < max && old[prefix] === now[prefix]) { prefix++; }
    var suffix = 0;
    while (suffix < max - prefix && old[old.length - 1 - suffix] === now[now.length - 1 - suffix]) { suffix++; }
    var changedEnd = old.length - suffix, shift = now.length - old.length;
    marks[name] = marks[name].filter(function (m) {
      return m.end <= prefix || m.start >= changedEnd;
    }).map(function (m) {
      return m.start >= changedEnd ? Object.assign({}, m, { start: m.start + shift, end: m.end + shift }) : m;
    });
    draw(name);
  });

  // -- cards ---------------------------------------------------------------------

  var current = null;

  function showCard(id, announce) {
    var card = id && document.getElementById(id);
    if (current && current !== card) { current.classList.remove("is-current"); }
    current = card || null;
    if (!card) { return; }
    card.classList.add("is-current");
    var box = live.getBoundingClientRect(), at = card.getBoundingClientRect();
    if (at.top < box.top || at.bottom > box.bottom) { live.scrollTop += at.top - box.top - 8; }
    if (announce && announcer) {
      var head = card.querySelector(".card-head");
      announcer.textContent = head ? head.textContent.replace(/\s+/g, " ").trim() : "";
    }
  }

  // The caret entering a mark shows its card and says it.
  var lastPlace = null;
  function caretMoved() {
    var textarea = document.activeElement;
    if (!textarea || textarea.tagName !== "TEXTAREA" || textarea.form !== form) { return; }
    var caret = textarea.selectionStart;
    var mark = (marks[textarea.name] || []).filter(function (m) {
      return m.start <= caret && caret <= m.end;
    })[0];
    var key = mark ? textarea.name + ":" + mark.place : null;
    if (key === lastPlace) { return; }
    lastPlace = key;
    if (mark) { showCard(mark.card, true); }
  }
  document.addEventListener("selectionchange", caretMoved);
  form.addEventListener("keyup", caretMoved);
  form.addEventListener("click", caretMoved);

  function select(textarea, start, end) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    // Bring the selection into view: a textarea scrolls to its caret when
    // blurred and focused again with the selection kept.
    textarea.blur();
    textarea.focus();
  }

  // Choosing a card's place moves the caret to its mark; a fix replaces the
  // mark's text as typing would, so the browser's undo takes it back.
  live.addEventListener("click", function (event) {
    var toImage = event.target.closest("button.goto-image");
    if (toImage) {
      var alt = document.getElementById(toImage.dataset.target);
      if (alt) { alt.focus(); }
      return;
    }
    var button = event.target.closest("button[data-field]");
    if (!button) { return; }
    var name = button.dataset.field, textarea = field(name);
    var mark = markOf(name, Number(button.dataset.place));
    if (!textarea) { return; }
    if (!mark) { htmx.trigger(form, "recheck"); textarea.focus(); return; }
    if (button.classList.contains("goto")) {
      select(textarea, mark.start, mark.end);
      showCard(mark.card, false);
      return;
    }
    if (textarea.value.slice(mark.start, mark.end) !== mark.matched) { htmx.trigger(form, "recheck"); return; }
    select(textarea, mark.start, mark.end);
    var replacement = button.dataset.replacement;
    if (!document.execCommand("insertText", false, replacement)) {
      textarea.setRangeText(replacement, mark.start, mark.end, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });

  // -- the live check's answer -----------------------------------------------------

  // The texts as sent: an answer marks only the texts still as they were.
  var sent = {}, checked = {};
  function texts() {
    var values = {};
    Array.from(form.querySelectorAll("textarea")).forEach(function (t) { values[t.name] = t.value; });
    return values;
  }
  if (live) {
    live.addEventListener("htmx:beforeRequest", function () { sent = texts(); });
    live.addEventListener("htmx:afterSwap", function () {
      checked = sent;
      var found = {};
      live.querySelectorAll("button.goto[data-field]").forEach(function (button) {
        var name = button.dataset.field;
        (found[name] = found[name] || []).push(button);
      });
      var names = Object.keys(marks).concat(Object.keys(found));
      marks = {};
      names.forEach(function (name) {
        var textarea = field(name);
        var buttons = found[name] || [];
        if (textarea && buttons.length && textarea.value === checked[name]) {
          var value = textarea.value;
          var offsets = [];
          buttons.forEach(function (b) { offsets.push(Number(b.dataset.start), Number(b.dataset.end)); });
          var units = toUnits(value, offsets);
          marks[name] = buttons.map(function (b, n) {
            return {
              place: Number(b.dataset.place), card: b.dataset.card, severity: b.dataset.severity,
              start: units[2 * n], end: units[2 * n + 1], matched: value.slice(units[2 * n], units[2 * n + 1])
            };
          }).sort(function (a, b) { return a.start - b.start || b.end - a.end; });
        }
        draw(name);
      });
      lastPlace = null;
      current = null;
    });
  }

  // -- the form's other helpers ------------------------------------------------------

  var language = form.querySelector("select[name=language]");
  var other = form.querySelector("textarea[name=other_text]");
  var otherLabel = document.getElementById("other-text-label");
  var networkTexts = document.getElementById("network-texts");
  var template = document.getElementById("network-text-template");
  var addButton = document.getElementById("add-network-text");
  var totalForms = form.querySelector("input[name=network_texts-TOTAL_FORMS]");

  function relabel() {
    if (!otherLabel || !language) { return; }
    otherLabel.textContent = otherLabel.dataset["label" + (language.value === "en" ? "En" : "Fr")];
    if (other) { other.lang = language.value === "fr" ? "en" : "fr"; }
  }
  function addNetworkText() {
    var index = parseInt(totalForms.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    networkTexts.insertAdjacentHTML("beforeend", html);
    totalForms.value = String(index + 1);
    wrapAll();
    networkTexts.lastElementChild.querySelector("select").focus();
  }
  function showGuidelines() {
    if (!brand) { return; }
    document.querySelectorAll(".guideline[data-brand]").forEach(function (g) {
      g.hidden = g.dataset.brand !== brand.value;
    });
  }
  // Images: each row's buttons move it or remove it; the order of the rows is
  // the post's. A chosen file is uploaded at once (htmx, on the file input);
  // the input is then emptied so saving does not send it again.
  var images = document.getElementById("post-images");
  var fileInput = form.querySelector("input[type=file][name=images]");
  function showImageButtons() {
    if (!images) { return; }
    images.querySelectorAll(".image-moves button").forEach(function (b) { b.hidden = false; });
  }
  if (images) {
    images.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      var row = button && button.closest("li.post-image");
      if (!row) { return; }
      if (button.classList.contains("move-up") && row.previousElementSibling) {
        images.insertBefore(row, row.previousElementSibling);
        button.focus();
      } else if (button.classList.contains("move-down") && row.nextElementSibling) {
        images.insertBefore(row.nextElementSibling, row);
        button.focus();
      } else if (button.classList.contains("remove-image")) {
        var next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        var focus = next ? next.querySelector(".remove-image") : fileInput;
        if (focus) { focus.focus(); }
      } else {
        return;
      }
      htmx.trigger(form, "recheck");
    });
    showImageButtons();
  }
  if (fileInput) {
    fileInput.addEventListener("htmx:afterRequest", function () {
      fileInput.value = "";
      showImageButtons();
      htmx.trigger(form, "recheck");
    });
  }
  if (language) { language.addEventListener("change", relabel); }
  if (addButton && template && networkTexts && totalForms) {
    addButton.hidden = false;
    addButton.addEventListener("click", addNetworkText);
  }
  if (brand) { brand.addEventListener("change", showGuidelines); }
  wrapAll();
  relabel();
  showGuidelines();
})();
