// Comments on passages of the post's text.
// Selecting text in the post fills the comment form with the passage and its
// offsets; open comments are highlighted where their passage sits now.
// Offsets count Unicode code points, as Python's string indices do (an emoji
// is one, not the two UTF-16 units a JavaScript string length counts).
(function () {
  "use strict";
  var root = document.querySelector(".detail-layout .post-text");
  var form = document.getElementById("comment-form");
  if (!root) { return; }

  function codePoints(s) { return Array.from(s).length; }

  // The text node and UTF-16 offset at code point `target` of root's text.
  function position(target) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var seen = 0, node, last = null;
    while ((node = walker.nextNode())) {
      last = node;
      var units = 0;
      for (var ch of node.data) {
        if (seen === target) { return { node: node, offset: units }; }
        seen += 1;
        units += ch.length;
      }
      if (seen === target) { return { node: node, offset: node.data.length }; }
    }
    return last ? { node: last, offset: last.data.length } : null;
  }

  function rangeFor(start, end) {
    var a = position(start), b = position(end);
    if (!a || !b) { return null; }
    var range = document.createRange();
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    return range;
  }

  // Highlight open comments' passages (CSS Custom Highlight API where there is one).
  var threads = document.querySelectorAll(".thread[data-start][data-end]");
  if (window.CSS && CSS.highlights && window.Highlight) {
    var all = new Highlight(), active = new Highlight();
    threads.forEach(function (thread) {
      var range = rangeFor(Number(thread.dataset.start), Number(thread.dataset.end));
      if (!range) { return; }
      all.add(range);
      var show = function () { active.clear(); active.add(range); };
      var hide = function () { active.clear(); };
      thread.addEventListener("mouseenter", show);
      thread.addEventListener("mouseleave", hide);
      thread.addEventListener("focusin", show);
      thread.addEventListener("focusout", hide);
    });
    CSS.highlights.set("comment", all);
    CSS.highlights.set("comment-active", active);
  }

  if (!form) { return; }
  var quote = form.querySelector("#id_comment_quote");
  var start = form.querySelector("#id_comment_start");
  var end = form.querySelector("#id_comment_end");

  function fromSelection() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) { return; }
    var before = document.createRange();
    before.selectNodeContents(root);
    before.setEnd(range.startContainer, range.startOffset);
    var text = Array.from(root.textContent);
    var from = codePoints(before.toString());
    var to = from + codePoints(range.toString());
    while (from < to && /\s/.test(text[from])) { from += 1; }
    while (to > from && /\s/.test(text[to - 1])) { to -= 1; }
    if (to <= from) { return; }
    quote.value = text.slice(from, to).join("");
    start.value = String(from);
    end.value = String(to);
  }

  document.addEventListener("selectionchange", fromSelection);
  // A passage typed or edited by hand is found by the server from its words.
  quote.addEventListener("input", function () { start.value = ""; end.value = ""; });
})();
