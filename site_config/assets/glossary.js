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

  /* Number formats of a calculator, from its data-locale and data-currency (the glossary plugin's
   * locale and currency options, written into the page when it was generated). A malformed
   * locale falls back to the browser's own rather than breaking the calculator. */
  function formatters(form) {
    var locale = form.dataset.locale || document.documentElement.lang || undefined;
    var currency = form.dataset.currency || "USD";
    function make(options) {
      try { return new Intl.NumberFormat(locale, options); } catch (error) { return new Intl.NumberFormat(undefined, options); }
    }
    var money = make({ style: "currency", currency: currency });
    var wholeMoney = make({ style: "currency", currency: currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
    var plain = make({ maximumFractionDigits: 2 });
    var percent = make({ style: "percent", maximumFractionDigits: 1 });
    return {
      /* An input's value: $5,000 (no cents when whole), 100. */
      input: function (value, kind) {
        if (kind !== "currency") { return plain.format(value); }
        return (Number.isInteger(value) ? wholeMoney : money).format(value);
      },
      /* The result in the formula's unit: $50.00, 30%, 1,250. */
      result: function (value, unit) {
        if (unit === "currency") { return money.format(value); }
        if (unit === "percent") { return percent.format(value); }
        return plain.format(value);
      }
    };
  }

  var OPERATORS = { "/": "\u00f7", "*": "\u00d7", "-": "\u2212", "+": "+" };

  /* The expression with each name replaced by words[name], spelled as calculator.formula_in_words
   * spells it: "$5,000 \u00f7 100". */
  function spell(expression, words) {
    var parts = [];
    (expression.match(/[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|\.\d+|[-+*\/()]/g) || []).forEach(function (token) {
      if (token === ")" || parts[parts.length - 1] === "(") { parts[parts.length - 1] += token; }
      else { parts.push(OPERATORS[token] || (token in words ? words[token] : token)); }
    });
    return parts.join(" ");
  }

  function capitalized(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  /* One field's number, or the sentence that says why there is none. Empty is not an error: the
   * reader has not typed it yet (the result then waits). A count (data-whole) is a whole number;
   * a number above the field's max is refused rather than shown with a double's rounding noise. */
  function readField(input, format) {
    var label = capitalized(input.dataset.label);
    var whole = input.hasAttribute("data-whole");
    var notNumber = label + (whole ? " must be a whole number, such as 1500." : " must be a number, such as 1500 or 12.5.");
    if (input.validity && input.validity.badInput) { return { error: notNumber }; }
    var text = input.value.trim();
    if (text === "") { return { empty: true }; }
    var number = Number(text);
    if (!isFinite(number)) { return { error: notNumber }; }
    if (number < 0) { return { error: label + " cannot be negative." }; }
    if (whole && !Number.isInteger(number)) { return { error: label + " must be a whole number: " + text + " is not." }; }
    var max = Number(input.getAttribute("max"));
    if (max > 0 && number > max) {
      return { error: label + " is too large: enter at most " + format.input(max, input.dataset.kind) + "." };
    }
    return { value: number };
  }

  /* The field's message (its aria-describedby element) and aria-invalid, set or cleared. */
  function showError(input, message) {
    var box = document.getElementById(input.getAttribute("aria-describedby"));
    if (box) { box.textContent = message || ""; }
    if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }

  /* Why a result is undefined, in words: the first field the formula divides by that is zero. */
  function undefinedReason(form, zeros) {
    var title = form.dataset.title;
    var input = zeros[0];
    if (input && input.dataset.many) {
      return "No " + input.dataset.many + " yet: " + title + " is undefined until there is at least one " + input.dataset.one + ".";
    }
    return capitalized(title) + " is undefined for these numbers: it would divide by zero.";
  }

  /* A rate above 100% is possible only when the numbers are mixed up: "More opportunities than
   * leads: check the numbers." names the counts when there are just two (a part and its whole). */
  function overHundred(inputs) {
    var part = inputs.filter(function (input) { return !input.hasAttribute("data-divisor"); });
    var whole = inputs.filter(function (input) { return input.hasAttribute("data-divisor"); });
    if (part.length === 1 && whole.length === 1 && part[0].dataset.many && whole[0].dataset.many) {
      return "More " + part[0].dataset.many + " than " + whole[0].dataset.many + ": check the numbers.";
    }
    return "Over 100%: check the numbers.";
  }

  /* A metric's calculator (term.md.j2, "## Formula"): checks each field, then shows the result
   * with the formula in words and in numbers: "Cost per lead = marketing spend \u00f7 number of
   * leads = $5,000 \u00f7 100 = $50.00". */
  function initCalculator(form) {
    if (form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var format = formatters(form);
    var output = form.querySelector("output");
    var numbers = form.querySelector(".glossary-calculator-numbers");
    var note = form.querySelector(".glossary-calculator-note");
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-name]"));
    function update() {
      var values = {}, shown = {}, complete = true, valid = true;
      inputs.forEach(function (input) {
        var field = readField(input, format);
        showError(input, field.error);
        if (field.error) { valid = false; }
        else if (field.empty) { complete = false; }
        else {
          values[input.dataset.name] = field.value;
          shown[input.dataset.name] = format.input(field.value, input.dataset.kind);
        }
      });
      numbers.textContent = "";
      output.textContent = "\u2013";
      note.textContent = "";
      if (!valid) { return; }
      if (!complete) { note.textContent = "Enter every number to see the " + form.dataset.title + "."; return; }
      numbers.textContent = " = " + spell(form.dataset.expression, shown);
      var result = evaluate(form.dataset.expression, values);
      if (isFinite(result)) {
        output.textContent = format.result(result, form.dataset.unit);
        if (form.dataset.unit === "percent" && result > 1) { note.textContent = overHundred(inputs); }
        return;
      }
      note.textContent = undefinedReason(form, inputs.filter(function (input) {
        return input.hasAttribute("data-divisor") && values[input.dataset.name] === 0;
      }));
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

  /* The pressed button says what happened, where the reader looks (on a phone the status line
   * below is off screen): "Copied" (data-state="copied") or "Press Ctrl+C" ("selected"), then its
   * own words again. The status line stays, for screen readers (role=status). */
  function confirmOn(button, state, words) {
    clearTimeout(button.glossaryTimer);
    button.dataset.state = state;
    button.textContent = words;
    button.glossaryTimer = setTimeout(function () {
      button.textContent = button.dataset.label;
      delete button.dataset.state;
    }, 2500);
  }

  /* The share panel: each button copies the read-only field it names (data-copy). The buttons are
   * hidden until this runs (glossary.css: .glossary-share:not([data-ready])): without JavaScript
   * they would do nothing, and the fields can still be selected and copied by hand. */
  function initShare(panel) {
    if (panel.dataset.ready) { return; }
    if (panel.dataset.root) { absolutize(panel); }
    var status = panel.querySelector(".glossary-share-status");
    panel.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copy);
      button.dataset.label = button.textContent;
      var what = button.textContent.replace(/^Copy /, "");
      button.addEventListener("click", function () {
        copyText(field.value, field,
          function () { confirmOn(button, "copied", "Copied \u2713"); status.textContent = "Copied the " + what + "."; },
          function () {
            confirmOn(button, "selected", "Press Ctrl+C");
            status.textContent = "Selected the " + what + ": press Ctrl+C (or \u2318C) to copy it.";
          });
      });
    });
    panel.dataset.ready = "1";
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
