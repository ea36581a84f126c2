// Live character count per selected network, and the selected brand's guidelines.
// Counting mirrors the server's (socialgov/checks/networks.py) closely enough
// to warn while typing; the check on submit is the one that counts.
(function () {
  "use strict";
  var LIMITS = { x: 280, linkedin: 3000, facebook: 63206, instagram: 2200, threads: 500, bluesky: 300, mastodon: 500 };
  var NAMES = { x: "X", linkedin: "LinkedIn", facebook: "Facebook", instagram: "Instagram", threads: "Threads", bluesky: "Bluesky", mastodon: "Mastodon" };
  var URL_RE = /https?:\/\/\S+|www\.\S+/gi;
  var form = document.getElementById("post-form");
  if (!form) { return; }
  var text = form.querySelector("textarea[name=text]");
  var box = document.getElementById("char-counts");
  var brand = form.querySelector("select[name=brand]");

  function graphemes(s) {
    if (window.Intl && Intl.Segmenter) {
      var n = 0, it = new Intl.Segmenter().segment(s)[Symbol.iterator]();
      while (!it.next().done) { n++; }
      return n;
    }
    return Array.from(s).length;
  }
  function weighted(s) {
    var n = 0;
    Array.from(s.normalize("NFC")).forEach(function (ch) {
      var c = ch.codePointAt(0);
      var light = (c <= 0x10FF) || (c >= 0x2000 && c <= 0x200D) || (c >= 0x2010 && c <= 0x201F) || (c >= 0x2032 && c <= 0x2037);
      n += light ? 1 : 2;
    });
    return n;
  }
  function count(network, s) {
    if (network === "x") {
      var urls = s.match(URL_RE) || [];
      return weighted(s.replace(URL_RE, "")) + 23 * urls.length;
    }
    if (network === "mastodon") {
      var murls = s.match(URL_RE) || [];
      return Array.from(s.replace(URL_RE, "")).length + 23 * murls.length;
    }
    if (network === "bluesky") { return graphemes(s); }
    return Array.from(s.normalize("NFC")).length;
  }
  function render() {
    var value = text.value.replace(/\r\n/g, "\n");
    box.textContent = "";
    form.querySelectorAll("input[name=networks]:checked").forEach(function (input) {
      var n = count(input.value, value), limit = LIMITS[input.value];
      var chip = document.createElement("span");
      chip.className = "char-count" + (n > limit ? " over" : "");
      chip.dataset.network = input.value;
      chip.textContent = NAMES[input.value] + " " + n + "/" + limit + (n > limit ? " — " + box.dataset.labelOver : "");
      box.appendChild(chip);
    });
  }
  function showGuidelines() {
    if (!brand) { return; }
    document.querySelectorAll(".guideline[data-brand]").forEach(function (g) {
      g.hidden = g.dataset.brand !== brand.value;
    });
  }
  text.addEventListener("input", render);
  form.querySelectorAll("input[name=networks]").forEach(function (i) { i.addEventListener("change", render); });
  if (brand) { brand.addEventListener("change", showGuidelines); }
  render();
  showGuidelines();
})();
