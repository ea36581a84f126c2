// The editor's reply section: the saved reply chosen shows its values, and
// "Use this reply" puts the filled-in text in the post's text as typing would
// (the browser's undo takes it back), in the reply's language. Values are
// plain text: spaces collapsed as the server collapses them, never a brace.
// The server judges all of it again (socialgov/posts/reply_forms.py).
(function () {
  "use strict";
  var form = document.getElementById("post-form");
  var select = form && form.querySelector("select[name=saved_reply]");
  if (!select) { return; }
  var sets = Array.from(form.querySelectorAll("fieldset.saved-reply-values"));

  function show() {
    sets.forEach(function (set) { set.hidden = set.dataset.savedReply !== select.value; });
  }

  function filled(set) {
    var values = {}, wrong = null;
    set.querySelectorAll("input[data-placeholder]").forEach(function (input) {
      var value = input.value.trim().replace(/\s+/g, " ");
      values[input.dataset.placeholder] = value;
      if (!wrong && (!value || /[{}]/.test(value))) { wrong = input; }
    });
    // A saved reply's only braces are its placeholders (socialgov/brands/saved_replies.py).
    var text = set.dataset.text.replace(/\{([^{}]*)\}/g, function (match, name) {
      return values[name];
    });
    return { wrong: wrong, text: text };
  }

  function use(set) {
    var result = filled(set);
    var error = set.querySelector(".use-saved-reply-error");
    if (result.wrong) {
      error.textContent = set.dataset.wrong;
      result.wrong.focus();
      return;
    }
    error.textContent = "";
    var language = form.querySelector("select[name=language]");
    if (language && language.value !== set.dataset.language) {
      language.value = set.dataset.language;
      language.dispatchEvent(new Event("change", { bubbles: true }));
    }
    var text = form.querySelector("textarea[name=text]");
    text.focus();
    text.select();
    if (!document.execCommand("insertText", false, result.text)) {
      text.value = result.text;
      text.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  sets.forEach(function (set) {
    var button = set.querySelector("button.use-saved-reply");
    button.hidden = false;
    button.addEventListener("click", function () { use(set); });
  });
  select.addEventListener("change", show);
  show();
})();
