/* gtm-glossary: small, dependency-free enhancements of the generated pages.
 * - Formula calculators on metric terms (cost per lead, conversion rates).
 * - "Copy link" buttons that copy a term's permanent URL.
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

  function initCopyLink(button) {
    if (button.dataset.ready) { return; }
    button.dataset.ready = "1";
    button.addEventListener("click", function () {
      var url = new URL(button.dataset.permalink, window.location.href).href;
      var done = function () { button.textContent = "Link copied"; };
      if (navigator.clipboard) { navigator.clipboard.writeText(url).then(done, function () { window.prompt("Copy this link:", url); }); }
      else { window.prompt("Copy this link:", url); }
    });
  }

  function init() {
    document.querySelectorAll("form.glossary-calculator").forEach(initCalculator);
    document.querySelectorAll("button.glossary-copy-link").forEach(initCopyLink);
  }

  window.glossaryEvaluate = evaluate;
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
