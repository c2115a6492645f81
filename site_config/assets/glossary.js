/* gtm-glossary: small, dependency-free enhancements of the generated pages.
 * - Formula calculators on metric terms (cost per lead, conversion rates).
 * - The share panel of term pages: copy buttons for the link, Markdown, HTML, the card and the hover snippet.
 * Works on first load and after Material's instant navigation (document$). */
(function () {
  "use strict";

  /* Arithmetic over + - * / ( ), numbers and names: the grammar `glossary check` enforces. */
  function evaluate(expression, values) {
    var tokens = expression.match(/\s*([A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|\.\d+|[-+*/()])/g) || [];
    var position = 0;
    function peek() { return position < tokens.length ? tokens[position].trim() : null; }
    function next() { return tokens[position++].trim(); }
    function primary() {
      var token = next();
      if (token === "(") { var inner = sum(); next(); return inner; }
      if (token === "-") { return -primary(); }
      if (token === "+") { return primary(); }
      if (/^[\d.]/.test(token)) { return parseFloat(token); }
      if (!(token in values)) { throw new Error("unknown input " + token); }
      return values[token];
    }
    function product() {
      var value = primary();
      while (peek() === "*" || peek() === "/") { value = next() === "*" ? value * primary() : value / primary(); }
      return value;
    }
    function sum() {
      var value = product();
      while (peek() === "+" || peek() === "-") { value = next() === "+" ? value + product() : value - product(); }
      return value;
    }
    return sum();
  }

  function formatResult(value, unit) {
    if (!isFinite(value)) { return "–"; }
    if (unit === "percent") { return (value * 100).toFixed(1).replace(/\.0$/, "") + "%"; }
    return value.toLocaleString(undefined, { maximumFractionDigits: 2 });
  }

  function initCalculator(form) {
    if (form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var output = form.querySelector("output");
    function update() {
      var values = {};
      var complete = true;
      form.querySelectorAll("input[data-name]").forEach(function (input) {
        var number = parseFloat(input.value);
        if (isNaN(number)) { complete = false; }
        values[input.dataset.name] = number;
      });
      output.textContent = complete ? formatResult(evaluate(form.dataset.expression, values), form.dataset.unit) : "–";
    }
    form.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    update();
  }

  /* Copies text; where the clipboard API is missing or refused, selects the field instead so
   * Ctrl+C (or Cmd+C) copies it. */
  function copyText(text, field, done, fallback) {
    function select() { field.focus(); field.select(); fallback(); }
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done, select); }
    else { select(); }
  }

  /* A term page without site_url: the snippets' URLs are relative to the site root; make them
   * absolute from the page's own address (a field that is a URL, or its "](", href=" and src=" parts). */
  function absolutize(panel) {
    var root = new URL(panel.dataset.root, window.location.href);
    function absolute(url) { return new URL(url, root).href; }
    panel.querySelectorAll("input.glossary-share-value").forEach(function (field) {
      field.value = /^[<\[]/.test(field.value)
        ? field.value.replace(/(\]\(|href="|src=")([^")]*)/g, function (_, before, url) { return before + absolute(url); })
        : absolute(field.value);
    });
  }

  /* The share panel: each button copies the read-only field it names (data-copy). */
  function initShare(panel) {
    if (panel.dataset.ready) { return; }
    panel.dataset.ready = "1";
    if (panel.dataset.root) { absolutize(panel); }
    var status = panel.querySelector(".glossary-share-status");
    panel.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copy);
      var what = button.textContent.replace(/^Copy /, "");
      button.addEventListener("click", function () {
        copyText(field.value, field,
          function () { status.textContent = "Copied the " + what + "."; },
          function () { status.textContent = "Selected the " + what + ": press Ctrl+C (or \u2318C) to copy it."; });
      });
    });
  }

  function init() {
    document.querySelectorAll("form.glossary-calculator").forEach(initCalculator);
    document.querySelectorAll(".glossary-share").forEach(initShare);
  }

  window.glossaryEvaluate = evaluate;
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
