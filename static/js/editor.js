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
  // Variants (templates/posts/_variant_fields.html): the other language's text and
  // per-network texts. A network's text in a language replaces that language's
  // text on that network, so each text is counted for the networks it goes to.
  var language = form.querySelector("select[name=language]");
  var other = form.querySelector("textarea[name=other_text]");
  var otherLabel = document.getElementById("other-text-label");
  var otherBox = form.querySelector("[data-counts=other]");
  var networkTexts = document.getElementById("network-texts");
  var template = document.getElementById("network-text-template");
  var addButton = document.getElementById("add-network-text");
  var totalForms = form.querySelector("input[name=network_texts-TOTAL_FORMS]");

  function primaryLanguage() { return language ? language.value : ""; }
  function otherLanguage() { return primaryLanguage() === "fr" ? "en" : "fr"; }
  function networkTextForms() {
    return networkTexts ? Array.from(networkTexts.querySelectorAll("fieldset.network-text")) : [];
  }
  function networkTextOf(fieldset) {
    var written = fieldset.querySelector("select[name$=-language]").value;
    return {
      network: fieldset.querySelector("select[name$=-network]").value,
      language: written || primaryLanguage(),
      text: fieldset.querySelector("textarea[name$=-text]").value,
      box: fieldset.querySelector("[data-counts]")
    };
  }
  function overridden(lang) {
    var networks = {};
    networkTextForms().map(networkTextOf).forEach(function (t) {
      if (t.network && t.language === lang && t.text.trim()) { networks[t.network] = true; }
    });
    return networks;
  }
  function fill(target, s, networks) {
    var value = s.replace(/\r\n/g, "\n");
    target.textContent = "";
    networks.forEach(function (network) {
      var n = count(network, value), limit = LIMITS[network];
      var chip = document.createElement("span");
      chip.className = "char-count" + (n > limit ? " over" : "");
      chip.dataset.network = network;
      chip.textContent = NAMES[network] + " " + n + "/" + limit + (n > limit ? " — " + box.dataset.labelOver : "");
      target.appendChild(chip);
    });
  }
  function render() {
    var selected = Array.from(form.querySelectorAll("input[name=networks]:checked")).map(function (i) { return i.value; });
    var own = overridden(primaryLanguage());
    fill(box, text.value, selected.filter(function (n) { return !own[n]; }));
    if (other && otherBox) {
      var others = overridden(otherLanguage());
      fill(otherBox, other.value, other.value.trim() ? selected.filter(function (n) { return !others[n]; }) : []);
    }
    networkTextForms().map(networkTextOf).forEach(function (t) {
      fill(t.box, t.text, t.network && t.text.trim() ? [t.network] : []);
    });
  }
  function relabel() {
    if (!otherLabel || !language) { return; }
    otherLabel.textContent = otherLabel.dataset["label" + (primaryLanguage() === "en" ? "En" : "Fr")];
    if (other) { other.lang = otherLanguage(); }
  }
  function addNetworkText() {
    var index = parseInt(totalForms.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    networkTexts.insertAdjacentHTML("beforeend", html);
    totalForms.value = String(index + 1);
    networkTexts.lastElementChild.querySelector("select").focus();
  }
  function showGuidelines() {
    if (!brand) { return; }
    document.querySelectorAll(".guideline[data-brand]").forEach(function (g) {
      g.hidden = g.dataset.brand !== brand.value;
    });
  }
  // Delegated: network-text forms added later are counted too.
  form.addEventListener("input", render);
  form.addEventListener("change", render);
  if (language) { language.addEventListener("change", relabel); }
  if (addButton && template && networkTexts && totalForms) {
    addButton.hidden = false;
    addButton.addEventListener("click", function () { addNetworkText(); render(); });
  }
  if (brand) { brand.addEventListener("change", showGuidelines); }
  relabel();
  render();
  showGuidelines();
})();
