/* gtm-glossary: the tactic classifier of /classifier/ (lead gen, demand gen or both).
 *
 * Reads the classifier document the generator writes (assets/glossary/classifier.json)
 * and mirrors generator/classify.py step for step: search (typo-tolerant), infer
 * answers from a description (keywords, longest first), score (weights, both_within),
 * classify (a known tactic keeps its own classification and disputes).
 * tests/classifier_vectors.yaml runs through both; change them together.
 *
 * State lives in the URL: ?tactic=<id>, ?q=<description>, and <signal>=<value> answers.
 * Plain JavaScript, no dependencies; runs on first load and after Material's instant
 * navigation (document$). */
(function () {
  "use strict";

  var MAX_SUGGESTIONS = 8;
  var STOPWORDS = ["a", "an", "the", "of", "for", "and", "or", "to", "our", "we", "with", "in", "on"];
  var SIGN = { lead_generation: 1, demand_generation: -1 };
  var LEANS = { lead_generation: "lead gen", demand_generation: "demand gen", neither: "neither" };

  /* ---- 1. finding a tactic by name (classify.py: normalize .. search) ---- */

  function normalize(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  function allowedTypos(word) { return word.length <= 3 ? 0 : word.length <= 6 ? 1 : 2; }

  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var before = [], previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) { previous.push(j); }
    for (i = 1; i <= a.length; i++) {
      current = [i];
      var rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current.push(value);
        rowMin = Math.min(rowMin, value);
      }
      if (rowMin > limit) { return limit + 1; }
      before = previous;
      previous = current;
    }
    return Math.min(previous[b.length], limit + 1);
  }

  function wordCost(queryWord, nameWord) {
    if (nameWord.indexOf(queryWord) === 0) { return 0; }
    var limit = allowedTypos(queryWord);
    if (limit === 0) { return null; }
    var best = editDistance(queryWord, nameWord, limit);
    if (queryWord.length >= 4) {
      [queryWord.length - 1, queryWord.length, queryWord.length + 1].forEach(function (length) {
        if (length < nameWord.length) {
          best = Math.min(best, editDistance(queryWord, nameWord.slice(0, length), limit));
        }
      });
    }
    return best <= limit ? best : null;
  }

  function queryWords(query) {
    return query.split(" ").filter(function (w) { return STOPWORDS.indexOf(w) < 0; });
  }

  /* query: normalised; words: its words without stopwords; memo: word pairs already compared
   * during one search (names share words; the result is the same either way). */
  function nameScore(query, words, name, nameWords, memo) {
    if (!query || !name) { return 0; }
    if (query === name) { return 100; }
    if (name.indexOf(query) === 0) { return 90; }
    if (!words.length) { return 0; }
    var contains = query.length >= 3 && name.indexOf(query) >= 0;
    var total = 0;
    for (var w = 0; w < words.length; w++) {
      var best = null;
      for (var n = 0; n < nameWords.length; n++) {
        var key = words[w] + " " + nameWords[n], cost;
        if (memo.has(key)) { cost = memo.get(key); } else { cost = wordCost(words[w], nameWords[n]); memo.set(key, cost); }
        if (cost !== null && (best === null || cost < best)) { best = cost; }
      }
      if (best === null) { return contains ? 70 : 0; }
      total += best;
    }
    if (total === 0) { return 80; }
    if (contains) { return 70; }
    return Math.max(0, 60 - 10 * (total - 1));
  }

  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function search(doc, query, limit) {
    var wanted = normalize(query);
    if (!wanted) { return []; }
    var hits = [], memo = new Map(), words = queryWords(wanted);
    doc.tactics.forEach(function (tactic) {
      var best = 0, matched = tactic.name;
      tactic._names.forEach(function (name) {
        var value = nameScore(wanted, words, name[1], name[2], memo);
        if (value > best) { best = value; matched = name[0]; }
      });
      if (best > 0) { hits.push({ tactic: tactic, score: best, matched: matched }); }
    });
    hits.sort(function (a, b) {
      return b.score - a.score || compare(a.tactic._lower, b.tactic._lower) || compare(a.tactic.id, b.tactic.id);
    });
    return hits.slice(0, limit || MAX_SUGGESTIONS);
  }

  /* ---- 2. answers from a description (classify.py: infer_answers) ---- */

  function inferAnswers(doc, text) {
    var padded = " " + normalize(text) + " ";
    var found = [];
    doc.questions.forEach(function (question) {
      question.answers.forEach(function (answer) {
        answer.keywords.forEach(function (keyword) {
          var phrase = normalize(keyword);
          if (!phrase) { return; }
          var start = padded.indexOf(" " + phrase + " ");
          while (start !== -1) {
            found.push({ start: start + 1, end: start + 1 + phrase.length, signal: question.signal,
              value: answer.value, keyword: keyword });
            start = padded.indexOf(" " + phrase + " ", start + 1);
          }
        });
      });
    });
    found.sort(function (a, b) { return (b.end - b.start) - (a.end - a.start) || a.start - b.start; });
    var taken = [];
    found.forEach(function (m) {
      if (taken.every(function (t) { return m.end <= t.start || m.start >= t.end; })) { taken.push(m); }
    });
    taken.sort(function (a, b) { return a.start - b.start; });
    var votes = {}, order = [];
    taken.forEach(function (m) {
      if (!votes[m.signal]) { votes[m.signal] = {}; order.push(m.signal); }
      var vote = votes[m.signal][m.value] || (votes[m.signal][m.value] = { first: m.start, keywords: [] });
      vote.keywords.push(m.keyword);
    });
    var answers = {};
    order.forEach(function (signal) {
      var best = null;
      Object.keys(votes[signal]).forEach(function (value) {
        var v = votes[signal][value];
        if (!best || v.keywords.length > best.keywords.length ||
            (v.keywords.length === best.keywords.length && v.first < best.first)) {
          best = { value: value, keywords: v.keywords, first: v.first };
        }
      });
      answers[signal] = { value: best.value, keywords: best.keywords };
    });
    return answers;
  }

  /* ---- 3. the rules (classify.py: score, decide) ---- */

  function score(doc, answers) {
    var total = 0, reasons = [];
    doc.questions.forEach(function (question) {
      var value = answers[question.signal];
      if (value === undefined) { return; }
      var answer = question.answers.filter(function (a) { return a.value === value; })[0];
      if (!answer) { return; }
      var weight = (SIGN[answer.leans] || 0) * answer.weight;
      total += weight;
      reasons.push({ kind: "answer", signal: question.signal, question: question.question, answer: value,
        label: answer.label, leans: answer.leans, weight: weight, text: answer.reason,
        sources: question.sources, terms: answer.terms.length ? answer.terms : question.terms });
    });
    reasons.sort(function (a, b) { return Math.abs(b.weight) - Math.abs(a.weight); });
    if (!reasons.length) { return { score: 0, classification: null, reasons: [] }; }
    return { score: total, classification: decide(total, doc.both_within), reasons: reasons };
  }

  function decide(total, bothWithin) {
    if (Math.abs(total) <= bothWithin) { return "both"; }
    return total > 0 ? "lead_generation" : "demand_generation";
  }

  /* ---- 4. putting it together (classify.py: classify, known_tactic_result) ---- */

  function classify(doc, text, answers) {
    answers = answers || {};
    text = (text || "").trim();
    var hits = text ? search(doc, text, 1) : [];
    var base = {}, inferred = {}, basedOn = null;
    if (hits.length && hits[0].score >= doc.match_threshold) {
      if (!Object.keys(answers).length) { return knownTacticResult(doc, hits[0].tactic, hits[0].matched); }
      basedOn = hits[0].tactic.id;
      Object.keys(hits[0].tactic.signals).forEach(function (s) { base[s] = hits[0].tactic.signals[s]; });
      inferred = {};
    } else if (text) {
      inferred = inferAnswers(doc, text);
      Object.keys(inferred).forEach(function (s) { base[s] = inferred[s].value; });
    }
    Object.keys(answers).forEach(function (s) { base[s] = answers[s]; });
    var result = score(doc, base);
    var keywords = {};
    Object.keys(inferred).forEach(function (s) { if (!(s in answers)) { keywords[s] = inferred[s].keywords; } });
    return { tactic: null, name: null, based_on: basedOn, classification: result.classification, disputed: false,
      score: result.score, reasons: result.reasons, answers: base, inferred: keywords, views: [],
      rules_classification: result.classification };
  }

  function knownTacticResult(doc, tactic, matched) {
    var rules = score(doc, tactic.signals);
    var rationale = { kind: "rationale", text: tactic.rationale, html: tactic.rationale_html, weight: 0,
      sources: tactic.sources, terms: tactic.terms };
    var views = tactic.disputes.length ? [{ by: "glossary", classification: tactic.classification,
      sources: tactic.sources }].concat(tactic.disputes.map(function (d) {
      return { by: d.source.id, classification: d.classification, note: d.note, source: d.source };
    })) : [];
    return { tactic: tactic.id, name: tactic.name, based_on: null, matched: matched || tactic.name,
      classification: tactic.classification, disputed: tactic.disputes.length > 0, score: rules.score,
      reasons: [rationale].concat(rules.reasons), answers: Object.assign({}, tactic.signals), inferred: {},
      views: views, rules_classification: rules.classification };
  }

  /* Names normalised once per document, not once per keystroke. */
  function prepare(doc) {
    doc.tactics.forEach(function (t) {
      t._lower = t.name.toLowerCase();
      t._names = [t.name].concat(t.aliases).map(function (n) { var norm = normalize(n); return [n, norm, norm.split(" ")]; });
    });
    return doc;
  }

  /* ---- the page ---- */

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function Widget(root, doc) {
    this.root = root;
    this.doc = doc;
    this.siteRoot = new URL(root.getAttribute("data-root") || "./", window.location.href);
    this.input = root.querySelector(".gc-input");
    this.list = root.querySelector(".gc-options");
    this.output = root.querySelector(".gc-result");
    this.state = { tactic: null, text: "", answers: {} };
    this.hits = [];
    this.active = -1;
    prepare(doc);
    this.bind();
    this.restore();
  }

  Widget.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () { self.suggest(); });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
    this.input.addEventListener("blur", function () { setTimeout(function () { self.close(); }, 150); });
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { self.pick(Number(option.getAttribute("data-index"))); }
    });
    this.root.querySelectorAll(".gc-answer").forEach(function (button) {
      button.addEventListener("click", function () {
        self.answer(button.getAttribute("data-signal"), button.getAttribute("data-value"));
      });
    });
    var reset = this.root.querySelector(".gc-reset");
    if (reset) { reset.addEventListener("click", function () { self.reset(); }); }
  };

  Widget.prototype.suggest = function () {
    var self = this;
    this.hits = search(this.doc, this.input.value, MAX_SUGGESTIONS);
    this.active = -1;
    this.list.textContent = "";
    this.hits.forEach(function (hit, index) {
      var label = [hit.tactic.name];
      if (hit.matched !== hit.tactic.name) { label.push(el("span", { "class": "gc-alias" }, [" (" + hit.matched + ")"])); }
      label.push(el("span", { "class": "gc-badge gc-" + hit.tactic.classification },
        [self.doc.labels[hit.tactic.classification]]));
      self.list.appendChild(el("li", { role: "option", id: "gc-option-" + index, "data-index": String(index),
        "aria-selected": "false" }, label));
    });
    var open = this.hits.length > 0 && this.input.value.trim() !== "";
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Widget.prototype.close = function () {
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Widget.prototype.highlight = function (index) {
    var options = this.list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    this.active = (index + options.length) % options.length;
    for (var i = 0; i < options.length; i++) { options[i].setAttribute("aria-selected", String(i === this.active)); }
    this.input.setAttribute("aria-activedescendant", options[this.active].id);
    options[this.active].scrollIntoView({ block: "nearest" });
  };

  Widget.prototype.onKey = function (event) {
    var open = !this.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!open) { this.suggest(); }
      this.highlight(this.active + (event.key === "ArrowDown" ? 1 : this.active < 0 ? 0 : -1));
      event.preventDefault();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (open && this.active >= 0) { this.pick(this.active); } else { this.describe(this.input.value); }
    } else if (event.key === "Escape") {
      if (open) { this.close(); } else { this.input.value = ""; }
      event.preventDefault();
    } else if (event.key === "Tab") {
      this.close();
    }
  };

  Widget.prototype.pick = function (index) {
    var hit = this.hits[index];
    if (!hit) { return; }
    this.input.value = hit.tactic.name;
    this.close();
    this.state = { tactic: hit.tactic.id, text: "", answers: {} };
    this.update();
  };

  Widget.prototype.describe = function (text) {
    this.close();
    if (!text.trim()) { return; }
    var result = classify(this.doc, text, {});
    this.state = result.tactic ? { tactic: result.tactic, text: "", answers: {} } : { tactic: null, text: text, answers: {} };
    this.update();
  };

  /* A press sets the answer; pressing the chosen one again clears it. Answers read from a
   * description become explicit ones, so every button press is visible in the URL. */
  Widget.prototype.answer = function (signal, value) {
    var s = this.state, chosen = this.result ? this.result.answers : {};
    var answers = s.tactic ? Object.assign({}, s.answers) : Object.assign({}, chosen);
    if (chosen[signal] === value) {
      if (s.tactic) { answers[signal] = null; } else { delete answers[signal]; }
    } else {
      answers[signal] = value;
    }
    this.state = { tactic: s.tactic, text: "", answers: answers };
    if (!s.tactic) { this.input.value = ""; }
    this.update();
  };

  Widget.prototype.reset = function () {
    this.state = { tactic: null, text: "", answers: {} };
    this.input.value = "";
    this.update();
    this.input.focus();
  };

  Widget.prototype.tacticById = function (id) {
    return this.doc.tactics.filter(function (t) { return t.id === id; })[0] || null;
  };

  /* The result for the current state: the same calls the CLI makes. */
  Widget.prototype.compute = function () {
    var s = this.state, answers = {}, tactic = s.tactic ? this.tacticById(s.tactic) : null;
    Object.keys(s.answers).forEach(function (k) { if (s.answers[k] !== null) { answers[k] = s.answers[k]; } });
    if (tactic && !Object.keys(s.answers).length) { return knownTacticResult(this.doc, tactic); }
    if (tactic) {
      var base = Object.assign({}, tactic.signals);
      Object.keys(s.answers).forEach(function (k) { if (s.answers[k] === null) { delete base[k]; } else { base[k] = s.answers[k]; } });
      var rules = score(this.doc, base);
      return { tactic: null, based_on: tactic.id, variantOf: tactic, classification: rules.classification, disputed: false,
        score: rules.score, reasons: rules.reasons, answers: base, inferred: {}, views: [],
        rules_classification: rules.classification };
    }
    return classify(this.doc, s.text, answers);
  };

  Widget.prototype.update = function () {
    this.result = this.compute();
    this.render(this.result);
    this.summarize(this.result);
    this.root.setAttribute("data-classification", this.result.classification || "");
    this.root.setAttribute("data-score", String(this.result.score));
    this.root.setAttribute("data-tactic", this.result.tactic || "");
    this.syncButtons(this.result.answers);
    this.saveUrl();
  };

  /* The verdict again, pinned above the questions, so answering at the bottom shows its effect. */
  Widget.prototype.summarize = function (result) {
    var summary = this.root.querySelector(".gc-summary");
    if (!summary) { return; }
    summary.hidden = !result.classification;
    summary.className = "gc-summary gc-" + result.classification;
    summary.textContent = "";
    if (result.classification) {
      summary.appendChild(el("strong", {}, [this.doc.labels[result.classification]]));
      summary.appendChild(el("span", {}, [" \u00b7 score " + (result.score > 0 ? "+" : "") + result.score + " \u00b7 "]));
      summary.appendChild(el("a", { href: "#gc-result", tabindex: "-1" }, ["reasons"]));
    }
  };

  Widget.prototype.syncButtons = function (answers) {
    this.root.querySelectorAll(".gc-answer").forEach(function (button) {
      var on = answers[button.getAttribute("data-signal")] === button.getAttribute("data-value");
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  };

  Widget.prototype.href = function (url) { return new URL(url, this.siteRoot).href; };

  Widget.prototype.sourceLinks = function (sources) {
    var self = this, items = [];
    sources.forEach(function (source, i) {
      if (i) { items.push("; "); }
      items.push(el("a", { href: self.href(source.url) }, [source.title]));
      if (source.locator) { items.push(" (" + source.locator + ")"); }
    });
    return items;
  };

  Widget.prototype.termLinks = function (terms) {
    var self = this, items = [];
    terms.forEach(function (term, i) {
      if (i) { items.push(", "); }
      items.push(el("a", { href: self.href(term.url), title: term.summary }, [term.name]));
    });
    return items;
  };

  Widget.prototype.render = function (result) {
    var self = this, doc = this.doc, out = this.output;
    out.textContent = "";
    if (!result.classification) {
      out.appendChild(el("p", { "class": "gc-empty" }, ["Pick a tactic, describe one, or answer a question below."]));
      return;
    }
    var title = result.tactic ? result.name : result.variantOf ? result.variantOf.name + ", with your answers"
      : "Your tactic";
    var head = el("div", { "class": "gc-verdict gc-" + result.classification }, [
      el("p", { "class": "gc-title" }, [title]),
      el("p", { "class": "gc-label" }, [doc.labels[result.classification]]),
      el("p", { "class": "gc-score" }, ["Score " + (result.score > 0 ? "+" : "") + result.score +
        " (positive leans lead gen, negative demand gen; within ±" + doc.both_within + " is both)"])
    ]);
    out.appendChild(head);
    var tactic = result.tactic ? this.tacticById(result.tactic) : null;
    if (tactic && result.rules_classification && result.rules_classification !== result.classification) {
      out.appendChild(el("p", { "class": "gc-note" }, ["From its signals alone the rules would say " +
        doc.labels[result.rules_classification] + "; the classification above is the sources' own."]));
    }
    if (result.views.length) {
      var views = el("ul", { "class": "gc-views" });
      result.views.forEach(function (view) {
        var who = view.by === "glossary" ? ["This glossary"] : [el("a", { href: self.href(view.source.url) }, [view.source.title])];
        views.appendChild(el("li", {}, who.concat([": " + doc.labels[view.classification]],
          view.note ? [". " + view.note] : [])));
      });
      out.appendChild(el("div", { "class": "gc-dispute", role: "note" }, [
        el("p", {}, [el("strong", {}, ["The sources disagree."]), " Each view:"]), views]));
    }
    var inferred = Object.keys(result.inferred);
    if (inferred.length) {
      out.appendChild(el("p", { "class": "gc-note" }, ["Read from your description: " + inferred.map(function (s) {
        return s.replace(/_/g, " ") + " = " + result.answers[s].replace(/_/g, " ") + " (\u201c" + result.inferred[s].join("\u201d, \u201c") + "\u201d)";
      }).join("; ") + ". Change any answer below."]));
    }
    var reasons = el("ol", { "class": "gc-reasons", "aria-label": "Reasons" });
    result.reasons.forEach(function (reason) {
      var item = el("li", {});
      if (reason.kind === "rationale") {
        var text = el("div", { "class": "gc-rationale" });
        if (reason.html) { text.innerHTML = reason.html; self.fixLinks(text); } else { text.textContent = reason.text; }
        item.appendChild(text);
      } else {
        item.appendChild(el("span", { "class": "gc-lean gc-" + reason.leans }, [
          LEANS[reason.leans] + (reason.weight ? " " + (reason.weight > 0 ? "+" : "") + reason.weight : "")]));
        item.appendChild(el("span", {}, [" " + reason.question + " " + reason.label + ". " + reason.text]));
      }
      if (reason.sources.length) { item.appendChild(el("p", { "class": "gc-sources" }, ["Sources: "].concat(self.sourceLinks(reason.sources)))); }
      if (reason.terms.length) { item.appendChild(el("p", { "class": "gc-terms" }, ["See: "].concat(self.termLinks(reason.terms)))); }
      reasons.appendChild(item);
    });
    out.appendChild(reasons);
    if (tactic) {
      out.appendChild(el("p", {}, [el("a", { href: this.href(tactic.url) }, ["Read " + tactic.name + " on the tactics page"]),
        " \u00b7 change an answer below to explore a variant."]));
    }
  };

  /* Rationale HTML links are relative to the site root; make them absolute for this page. */
  Widget.prototype.fixLinks = function (container) {
    var self = this;
    container.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!/^[a-z][a-z0-9+.-]*:|^#|^\//i.test(href)) { a.setAttribute("href", self.href(href)); }
    });
  };

  Widget.prototype.saveUrl = function () {
    var params = new URLSearchParams(), s = this.state;
    if (s.tactic) { params.set("tactic", s.tactic); }
    if (s.text) { params.set("q", s.text); }
    Object.keys(s.answers).forEach(function (k) { params.set(k, s.answers[k] === null ? "" : s.answers[k]); });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  };

  Widget.prototype.restore = function () {
    var params = new URLSearchParams(window.location.search), answers = {}, self = this;
    this.doc.questions.forEach(function (q) {
      if (params.has(q.signal)) {
        var value = params.get(q.signal);
        var known = q.answers.some(function (a) { return a.value === value; });
        if (known) { answers[q.signal] = value; } else if (value === "") { answers[q.signal] = null; }
      }
    });
    var tactic = params.get("tactic");
    tactic = tactic && this.tacticById(tactic) ? tactic : null;
    var text = tactic ? "" : params.get("q") || "";
    if (!tactic) { Object.keys(answers).forEach(function (k) { if (answers[k] === null) { delete answers[k]; } }); }
    this.state = { tactic: tactic, text: text, answers: answers };
    this.input.value = tactic ? this.tacticById(tactic).name : text;
    if (tactic || text || Object.keys(answers).length) { this.update(); } else { this.render({ classification: null }); }
    self.root.setAttribute("data-ready", "true");
  };

  function init() {
    var root = document.querySelector(".gc[data-src]");
    if (!root || root.getAttribute("data-state")) { return; }
    root.setAttribute("data-state", "loading");
    fetch(root.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (doc) { root.widget = new Widget(root, doc); })
      .catch(function (error) {
        root.setAttribute("data-state", "failed");
        var out = root.querySelector(".gc-result");
        if (out) { out.textContent = "The classifier could not load its data (" + error.message + "). The tactics page lists every tactic."; }
      });
  }

  /* Exposed for the tests and the benchmark, which run the same functions in the browser. */
  window.gtmClassifier = { normalize: normalize, search: search, inferAnswers: inferAnswers, score: score,
    classify: classify, prepare: prepare };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
