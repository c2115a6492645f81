/* gtm-glossary: the tactic classifier of /classifier/ (lead gen, demand gen or both).
 *
 * Reads the classifier document the generator writes (assets/glossary/classifier.json)
 * and mirrors generator/classifier/ (search.py, clauses.py, reading.py, classify.py) step for step: search (typo-tolerant), infer
 * answers from a description (keywords, longest first), score (weights, both_within),
 * classify (a known tactic keeps its own classification and disputes).
 * tests/classifier_vectors.yaml runs through both; change them together.
 *
 * State lives in the URL: ?tactic=<id>, ?describe=<description>, and <signal>=<value> answers.
 * (Links from before used ?q=, which Material's own search also reads and opens its overlay for:
 * such links are still read, written back as ?describe= and the overlay closed.)
 * Plain JavaScript, no dependencies; runs on first load and after Material's instant
 * navigation (document$). */
(function () {
  "use strict";

  var MAX_SUGGESTIONS = 8;
  var STOPWORDS = ["a", "an", "the", "of", "for", "and", "or", "to", "our", "we", "with", "in", "on"];
  var SIGN = { lead_generation: 1, demand_generation: -1 };
  var LEANS = { lead_generation: "lead gen", demand_generation: "demand gen", neither: "neither" };

  /* ---- 1. finding a tactic by name (search.py) ---- */

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
    if (name.indexOf(words.join(" ")) === 0) { return 90; } /* "an ebook" starts "ebook or whitepaper" (search.py) */
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
    hits.sort(function (a, b) { /* at equal scores a tactic's own name before an alias (search.py: by_rank) */
      return b.score - a.score || (a.matched !== a.tactic.name) - (b.matched !== b.tactic.name) ||
        compare(a.tactic._lower, b.tactic._lower) || compare(a.tactic.id, b.tactic.id);
    });
    return hits.slice(0, limit || MAX_SUGGESTIONS);
  }

  /* ---- 2. reading a description (reading.py) ---- */

  var FILLER = ("a an the of for and or to our we with in on at by from about into is are be it its this that their them" +
    " they us my your ur you so as via using use who which what all some any every each anything").split(" ");

  function endsWith(word, suffix) { return word.length >= suffix.length && word.slice(-suffix.length) === suffix; }

  function stemWord(word) {
    var w = word;
    if (w.length > 4 && endsWith(w, "ies")) { w = w.slice(0, -3) + "y"; }
    else if (w.length >= 3 && endsWith(w, "s") && !endsWith(w, "ss") && !endsWith(w, "us") && !endsWith(w, "is")) { w = w.slice(0, -1); }
    if (w.length > 5 && endsWith(w, "ing")) { w = w.slice(0, -3); }
    else if (w.length > 4 && endsWith(w, "ed")) { w = w.slice(0, -2); }
    if (w.length > 3 && endsWith(w, "e")) { w = w.slice(0, -1); }
    if (w.length > 3 && w[w.length - 1] === w[w.length - 2] && "aeiou".indexOf(w[w.length - 1]) < 0) { w = w.slice(0, -1); }
    return w;
  }

  function phraseKey(text) {
    return normalize(text).split(" ").filter(function (w) { return w && FILLER.indexOf(w) < 0; }).map(stemWord);
  }

  /* Where a clause ends (reading.py: CLAUSE_BREAK): a negation reaches no further. */
  /* White space Python's and JavaScript's \s disagree on, made plain first (clauses.py: LINE_BREAKS, SPACES). */
  var LINE_BREAKS = /[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]/g;
  var SPACES = /[\t\x1f\xa0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]/g;
  var INVISIBLE = /[\xad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069]/g; /* shows nothing: taken out (clauses.py: INVISIBLE) */
  function plainSpaces(text) { return text.replace(LINE_BREAKS, "\n").replace(SPACES, " ").replace(INVISIBLE, ""); }

  /* A description as the one-line box can hold it: a line break becomes ";", which reads as a line break does (both
     end a clause and a sentence) and is as long, so a pasted paragraph or a ?describe= link with line breaks reads
     as the CLI reads it, up to the same 2,000th character. */
  function oneLine(text) { return plainSpaces(text).replace(/\n/g, ";"); }

  /* The first `max` code points of a text (the engines count code points; a box's maxlength counts UTF-16 units,
     so an emoji would count twice there). */
  function firstCodePoints(text, max) {
    var points = Array.from(text);
    return points.length > max ? points.slice(0, max).join("") : text;
  }

  var CLAUSE_BREAK = /[.,;:!?()\[\]\n\u2013\u2014]+|\s-+\s/;
  var COORDINATORS = ["and", "or", "nor", "plus"];
  /* Words that place what follows: "a form on the public page" (reading.py: PLACING_WORDS, PLACED_WORDS, DETERMINERS). */
  var PLACING_WORDS = ["on", "to", "in", "at", "into", "onto", "across", "inside", "within", "throughout", "of", "from"];
  var PLACED_WORDS = 3;
  var DETERMINERS = ["a", "an", "the", "our", "their", "your", "my", "its", "this", "that", "every", "each", "all"];

  /* A clause that is only one of these, after a question, negates it: "Ungated? Nope." (reading.py: ANSWERED_NO). */
  var ANSWERED_NO = ["no", "nope", "nah", "no way", "not really", "not at all", "not anymore", "no longer"];
  var CLAUSE_BREAKS = new RegExp(CLAUSE_BREAK.source, "g");
  /* A sentence ends at one of these; a concession opening a clause turns at the next clause (clauses.py: SENTENCE_END, CONCESSIVE). */
  var SENTENCE_END = /[.;!?\n]/;
  var CONCESSIVE = ["although", "though", "even though", "while", "whereas"];
  /* "Not" that adds instead of negating: "not just a PR push" (clauses.py: ADDITIVE); "not just anyone", "not just yet" negate. */
  var ADDITIVE = ["not just", "not only", "not merely"], ADDITIVE_UNLESS = ["anyone", "anybody", "yet"];
  /* A cue word that, with the next, is a visit or a delivery: "stopped by", "dropped off flyers" (clauses.py: VISITING). */
  var VISITING = ["stop", "stops", "stopped", "stopping", "drop", "drops", "dropped", "dropping"];
  var VISITING_AFTER = ["by", "in", "off", "round", "over"];
  /* "instead" ending its clause after other words negates what came before the turn (clauses.py: REPLACING). */
  var REPLACING = ["instead"];
  /* Words that say nothing of what a called-off cue stands for ("it's been cancelled"; clauses.py: STAND_INS). */
  var STAND_INS = ["s", "been", "being", "has", "have", "had", "was", "were", "got", "gets", "just", "now", "ve"];
  /* A negation cue right before one of these negates what came before it in its clause (clauses.py: REQUIRED). */
  var REQUIRED = ["required", "needed", "necessary", "mandatory", "compulsory", "essential"];

  /* "no" stands where an article would: "and" then an article after it starts a thing that is there
     (clauses.py: DETERMINER_CUES, NEW_THING, ALSO_JOINING). */
  var DETERMINER_CUES = ["no"], NEW_THING = ["a", "an", "the", "our"], ALSO_JOINING = ["and", "plus"];

  /* A one-word negation cue hyphen-joined to the next word negates it alone, "zero-trust"; "-free" negates the word
     before it, "form-free" (clauses.py: HYPHENED, hyphened). */
  var HYPHENED = /(?<![A-Za-z0-9_])([A-Za-z]+)-([A-Za-z0-9]+)/g;
  /* Words in quotation marks are a name, not something done; kept between two marker words (reading: clauses.py QUOTED). */
  var QUOTED = /(?<![A-Za-z0-9])(?:'([^'\n]{1,80}?)'|"([^"\n]{1,80}?)"|\u2018([^\u2019\n]{1,80}?)\u2019|\u201c([^\u201d\n]{1,80}?)\u201d)(?![A-Za-z0-9])/g;
  var QUOTE_OPEN = "qq0open", QUOTE_CLOSE = "qq0close";

  function quotedWords(text) {
    return text.replace(QUOTED, function (m, a, b, c, d) {
      return " " + QUOTE_OPEN + " " + [a, b, c, d].filter(function (g) { return g !== undefined; })[0] + " " + QUOTE_CLOSE + " ";
    });
  }

  function cueLength(words, start, cues) {
    var best = 0;
    cues.forEach(function (cue) {
      if (cue.length > best && cue.every(function (w, k) { return words[start + k] === w; })) { best = cue.length; }
    });
    return best;
  }

  /* {tokens: [word, stem, negated, placed, sentence, turn, quoted, clause, joined, before, after] per word that is
     neither filler nor a cue (before, after: the filler words between it and its clause's words on either side),
     calledOff: the called-off cues that dropped words} (clauses.py: read_description). */
  function readDescription(text, doc) {
    var negation = (doc && doc._negation) || [], contrast = (doc && doc._contrast) || [], tokens = [];
    var calledOff = (doc && doc._calledOff) || [];
    var single = negation.filter(function (c) { return c.length === 1; }).map(function (c) { return c[0]; });
    text = quotedWords(String(text).replace(HYPHENED, function (m, w, next) { /* clauses.py: hyphened */
      if (next.toLowerCase() === "free" && single.indexOf("no") >= 0) { return "no " + w + ","; } /* "form-free" */
      return single.indexOf(w.toLowerCase()) >= 0 ? w + " " + next + "," : m;
    }));
    var breaks = text.match(CLAUSE_BREAKS) || [], question = 0, previous = 0;
    var sentence = 0, turn = 0, conceded = false, inside = false; /* inside quotation marks (one may hold a comma) */
    var inForce = ""; /* the negation cue in force where the clause before ended */
    var clauses = String(text).split(CLAUSE_BREAK);
    var pieces = clauses.map(function (clause) { return normalize(clause).split(" ").filter(function (w) { return w; }); });
    clauses.forEach(function (clause, n) {
      var words = [], quoted = [];
      normalize(clause).split(" ").forEach(function (w) {
        if (w === QUOTE_OPEN || w === QUOTE_CLOSE) { inside = w === QUOTE_OPEN; } else if (w) { words.push(w); quoted.push(inside); }
      });
      var negated = listedOn(pieces, breaks, n, inForce); /* "won't ask them to call in, text or register" */
      var listed = false, placed = 0, i = 0, length, cue, answer = words.join(" "), joined = false;
      var start = tokens.length, part = start, lastCue = "", lastAt = -1;
      var fillers = []; /* the filler words since the last word kept or cue read ("their", "each") */
      if (n && SENTENCE_END.test(breaks[n - 1]) && !cueLength(words, 0, contrast)) {
        sentence += 1; conceded = false;
      } else if (n && conceded) {
        turn += 1; conceded = false;
      }
      if (n && breaks[n - 1].indexOf("?") >= 0 && ANSWERED_NO.indexOf(answer) >= 0 && question >= 0) {
        negateBackwards(tokens, question, tokens.length, answer);
        question = -1;
        return; /* the answer is a cue, not words of the description */
      }
      question = n < breaks.length && breaks[n].indexOf("?") >= 0 ? tokens.length : -1;
      while (i < words.length) {
        if (ADDITIVE.indexOf(words.slice(i, i + 2).join(" ")) >= 0 && ADDITIVE_UNLESS.indexOf(words[i + 2]) < 0) { i += 2; continue; }
        if (VISITING.indexOf(words[i]) >= 0 && i + 1 < words.length && VISITING_AFTER.indexOf(words[i + 1]) >= 0) { i += 2; continue; }
        length = cueLength(words, i, contrast);
        if (length && cueLength(words, i, negation) > length) { length = 0; } /* the longer cue wins: "instead of" */
        var after = i > 1 && words[i - 1] === "just" ? words[i - 2] : i ? words[i - 1] : ""; /* "not (just) yet gated" */
        if (length && after && single.indexOf(after) >= 0 && cueLength([after], 0, calledOff) === 0) { i += length; continue; }
        if (length) {
          var said = words.slice(i, i + length).join(" ");
          if (i === 0 && CONCESSIVE.indexOf(said) >= 0) {
            conceded = true;
          } else if (i && i + length === words.length && REPLACING.indexOf(said) >= 0) { /* "..., but SEO instead" */
            negateBackwards(tokens, part > start ? start : previous, part > start ? part : start, said);
          } else {
            turn += 1;
          }
          negated = ""; i += length; part = tokens.length; fillers = []; continue;
        }
        length = cueLength(words, i, negation);
        if (length && i + length < words.length && REQUIRED.indexOf(words[i + length]) >= 0) {
          cue = words.slice(i, i + length).join(" ");
          cue = (doc && doc._spelled && doc._spelled[cue]) || cue;
          negateBackwards(tokens, part, tokens.length, cue); /* "registration is not required for the webinar" */
          negated = ""; listed = false; i += length + 1; lastCue = ""; lastAt = -1; fillers = [];
          continue;
        }
        if (length) {
          cue = words.slice(i, i + length).join(" ");
          cue = (doc && doc._spelled && doc._spelled[cue]) || cue;
          if (cueLength(words, i, calledOff) === length) { /* "the webinar is postponed": it looks back too */
            negateBackwards(tokens, calledOffFrom(tokens, start, part, previous), tokens.length, cue);
          }
          negated = listed || !negated ? cue : ""; listed = false; i += length;
          lastCue = cue; lastAt = tokens.length; fillers = [];
          continue;
        }
        listed = listed || COORDINATORS.indexOf(words[i]) >= 0;
        if (DETERMINER_CUES.indexOf(negated) >= 0 && NEW_THING.indexOf(words[i]) >= 0 && i && ALSO_JOINING.indexOf(words[i - 1]) >= 0) {
          negated = ""; /* "no form and an email popup": the popup is there (clauses.py: DETERMINER_CUES) */
        }
        if (FILLER.indexOf(words[i]) < 0 || allAsEveryone(words, i)) {
          var between = fillers.join(" ");
          if (tokens.length > start) { tokens[tokens.length - 1][10] = between; }
          tokens.push([words[i], words[i] === "all" ? stemWord("everyone") : stemWord(words[i]), negated, placed > 0, sentence, turn, quoted[i], n, joined, between, ""]);
          placed -= 1; joined = false; fillers = [];
        } else {
          fillers.push(words[i]);
          if (DETERMINERS.indexOf(words[i]) < 0) { placed = 0; } /* a verb or a joining word ends the place */
        }
        joined = joined || words[i] === "and"; /* "posters and a sign-up sheet" names two things */
        if (PLACING_WORDS.indexOf(words[i]) >= 0) { placed = PLACED_WORDS; }
        i += 1;
      }
      inForce = negated;
      if (tokens.length > start) { tokens[tokens.length - 1][10] = fillers.join(" "); } /* "call them." */
      if (lastCue && lastAt === tokens.length) { /* the clause ends with its cue: it looks back */
        negateBackwards(tokens, part < lastAt ? part : previous, lastAt, lastCue);
      }
      previous = start;
    });
    var called = calledOff.map(function (c) { var key = c.join(" "); return (doc && doc._spelled && doc._spelled[key]) || key; });
    var dropped = [];
    tokens.forEach(function (t) { if (called.indexOf(t[2]) >= 0 && dropped.indexOf(t[2]) < 0) { dropped.push(t[2]); } });
    /* a plan called off is no evidence either way */
    tokens = tokens.filter(function (t) { return called.indexOf(t[2]) < 0; });
    var past = pastClauses(tokens); /* nor one done before and since replaced */
    return { tokens: tokens.filter(function (t) { return !past[t[7]]; }), calledOff: dropped };
  }

  /* Words that say a clause is about what was done before, or about what is done now: [word, the filler word right
     before it, the word before it] (clauses.py: BEFORE, NOW). */
  var BEFORE = [["year", "", "last"], ["old", "the", ""]], NOW = [["year", "this", ""], ["new", "the", ""]];

  function saidAs(tokens, at, markers) {
    var fillers = tokens[at][9].split(" "), filler = fillers[fillers.length - 1];
    var previous = at && tokens[at - 1][7] === tokens[at][7] && !tokens[at][9] ? tokens[at - 1][0] : "";
    return markers.some(function (m) { return tokens[at][0] === m[0] && (!m[1] || filler === m[1]) && (!m[2] || previous === m[2]); });
  }

  /* The clauses saying what was done before, where a later clause of that sentence or the next says what is done now
     (clauses.py: past_clauses). */
  function pastClauses(tokens) {
    var before = {}, now = [], past = {};
    tokens.forEach(function (t, i) {
      if (saidAs(tokens, i, BEFORE)) { before[t[7]] = t[4]; }
      if (saidAs(tokens, i, NOW)) { now.push([t[7], t[4]]); }
    });
    Object.keys(before).forEach(function (c) {
      var s = before[c];
      if (now.some(function (n) { /* the "now" clause after (same or next sentence) or before (same or previous) */
        return n[0] > Number(c) ? n[1] >= s && n[1] <= s + 1 : n[0] < Number(c) && n[1] >= s - 1 && n[1] <= s;
      })) { past[c] = true; }
    });
    return past;
  }

  /* Words that, opening a clause after a comma, start a clause of its own (clauses.py: CLAUSE_OPENERS). */
  var CLAUSE_OPENERS = ["and", "but", "so", "then", "just", "only", "instead", "because", "while", "which", "who"];

  /* The negation cue a clause starts under: the one in force at the end of the clause before, when only a comma stands
     between and the clause is the rest of a list (clauses.py: listed_on). */
  var LIST_ITEM = 3; /* how many words a list item before the last may have (clauses.py: LIST_ITEM) */

  function listedOn(pieces, breaks, n, inForce) {
    var words = pieces[n];
    if (!inForce || !n || breaks[n - 1].trim() !== "," || !words.length || CLAUSE_OPENERS.indexOf(words[0]) >= 0) { return ""; }
    for (var m = n; m < pieces.length; m++) {
      if (pieces[m].indexOf("or") >= 0 || pieces[m].indexOf("nor") >= 0) { return inForce; }
      if (pieces[m].length > LIST_ITEM || m >= breaks.length || breaks[m].trim() !== ",") { return ""; }
    }
    return "";
  }

  /* The words of a description as readDescription reads them (clauses.py: description_tokens). */
  function descriptionTokens(text, doc) { return readDescription(text, doc).tokens; }

  /* An "all" that stands for people: after "to" or "for", no word of its own after it (clauses.py: _all_as_everyone). */
  function allAsEveryone(words, i) {
    return words[i] === "all" && i > 0 && (words[i - 1] === "to" || words[i - 1] === "for") &&
      (i + 1 === words.length || FILLER.indexOf(words[i + 1]) >= 0);
  }

  /* Where the words a called-off cue negates start (clauses.py: _called_off_from). */
  function calledOffFrom(tokens, start, part, previous) {
    for (var k = part; k < tokens.length; k++) { if (STAND_INS.indexOf(tokens[k][0]) < 0) { return part; } }
    return part > start ? start : previous;
  }

  /* Negate tokens[start:end] by a cue that came after them (reading.py: _negate_backwards). */
  function negateBackwards(tokens, start, end, cue) {
    for (var k = start; k < end; k++) { tokens[k] = [tokens[k][0], tokens[k][1], tokens[k][2] || cue].concat(tokens[k].slice(3)); }
  }

  function typedWords(tokens, m) {
    var typed = tokens.slice(m.start, m.end).map(function (t) { return t[0]; }).join(" ");
    return tokens[m.start][2] ? tokens[m.start][2] + " " + typed : typed;
  }

  function stemTypos(stem) { return stem.length < 7 ? 0 : stem.length < 11 ? 1 : 2; }

  function stemsMatch(typed, wanted, memo) {
    if (typed === wanted) { return true; }
    var key = typed + " " + wanted;
    if (!memo.has(key)) {
      var limit = stemTypos(wanted);
      memo.set(key, limit > 0 && typed[0] === wanted[0] && editDistance(typed, wanted, limit) <= limit);
    }
    return memo.get(key);
  }

  function sameKey(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }

  /* phrases: [[stems], owner]; the longest matches that do not overlap, in text order. */
  function findPhrases(tokens, phrases) {
    var memo = new Map(), found = [];
    phrases.forEach(function (phrase, order) {
      var key = phrase[0];
      if (!key.length) { return; }
      for (var start = 0; start + key.length <= tokens.length; start++) {
        var all = true;
        for (var k = 0; k < key.length && all; k++) { /* all negated alike: no cue inside a phrase */
          all = stemsMatch(tokens[start + k][1], key[k], memo) && (tokens[start + k][2] || "") === (tokens[start][2] || "");
        }
        if (all) { found.push({ start: start, end: start + key.length, key: key, owner: phrase[1], order: order }); }
      }
    });
    found.sort(function (a, b) { return (b.end - b.start) - (a.end - a.start) || a.start - b.start || a.order - b.order; });
    var taken = [];
    found.forEach(function (m) {
      if (taken.every(function (t) {
        return m.end <= t.start || m.start >= t.end || (m.start === t.start && m.end === t.end && sameKey(m.key, t.key));
      })) { taken.push(m); }
    });
    taken.sort(function (a, b) { return a.start - b.start || a.order - b.order; });
    return taken;
  }

  /* {"clause cue": true} of each negation whose scope holds an undecided word, "nothing decided about forms yet"
     (reading.py: undecided_clauses; the words: reading.words.undecided). */
  function undecidedClauses(tokens, undecided) {
    var out = {};
    tokens.forEach(function (t) { if (t[2] && undecided.indexOf(t[1]) >= 0) { out[t[7] + " " + t[2]] = true; } });
    return out;
  }

  function isUndecided(undecided, token) { return !!token[2] && !!undecided[token[7] + " " + token[2]]; }

  function readKeywords(doc, tokens) {
    var taken = findPhrases(tokens, doc._keywordPhrases);
    var votes = {}, order = [], undecided = undecidedClauses(tokens, doc._words.undecided);
    taken.forEach(function (m) {
      var signal = m.owner[0], value = m.owner[1], keyword = m.owner[2];
      if (tokens[m.start][2]) {
        if (!m.owner[3] || isUndecided(undecided, tokens[m.start])) { return; }
        value = m.owner[3];
        keyword = "not " + keyword;
      }
      if (!votes[signal]) { votes[signal] = {}; order.push(signal); }
      var vote = votes[signal][value] || (votes[signal][value] = { first: m.start, keywords: [], keys: [], at: [] });
      for (var p = m.start; p < m.end; p++) { if (vote.at.indexOf(p) < 0) { vote.at.push(p); } }
      var key = m.key.join(" ");
      if (vote.keys.indexOf(key) < 0) { vote.keys.push(key); vote.keywords.push(keyword); }
    });
    var answers = {};
    order.forEach(function (signal) {
      var best = null;
      Object.keys(votes[signal]).forEach(function (value) {
        var v = votes[signal][value];
        if (!best || v.keywords.length > best.keywords.length ||
            (v.keywords.length === best.keywords.length && v.first < best.first)) {
          best = { value: value, keywords: v.keywords, first: v.first, at: v.at };
        }
      });
      answers[signal] = { value: best.value, keywords: best.keywords,
        at: best.at.slice().sort(function (a, b) { return a - b; }) };
    });
    return { answers: answers, covered: coveredBy(taken) };
  }

  function coveredBy(taken) {
    var covered = {};
    taken.forEach(function (m) { for (var i = m.start; i < m.end; i++) { covered[i] = true; } });
    return covered;
  }

  function inferAnswers(doc, text) {
    var read = readKeywords(doc, descriptionTokens(text, doc)).answers, out = {};
    Object.keys(read).forEach(function (s) { out[s] = { value: read[s].value, keywords: read[s].keywords }; });
    return out;
  }

  /* Whose contact details a word is; the team's own things shown; verbs of reaching people one by one and the words
     after them (whose.py: THEIRS, OURS, SHOWN, REACH_OBJECTS; the verbs: reading.words.reach). */
  var THEIRS = ["their", "your", "his", "her"], OURS = ["our", "my"], SHOWN = [stemWord("name"), stemWord("number")];
  var REACH_OBJECTS = ["each", "every", "them", "you", "him", "her"];

  /* "theirs", "ours" or "": whose a word is by the possessive right before it; a business's own ("the deli's name")
     is "ours" (whose.py: possessor). */
  function possessor(tokens, at, people) {
    var before = tokens[at][9].split(" ");
    for (var k = before.length - 1; k >= 0; k--) {
      if (THEIRS.indexOf(before[k]) >= 0) { return "theirs"; }
      if (OURS.indexOf(before[k]) >= 0) { return "ours"; }
    }
    if (personBefore(tokens, at, people)) { return "theirs"; }
    return businessS(tokens, at, people) ? "ours" : "";
  }

  /* Whether the word right before at names people whose the word is, "customer emails", "the caller's number"
     (whose.py: person_before). */
  function personBefore(tokens, at, people) {
    if (!at || tokens[at][9] || tokens[at - 1][7] !== tokens[at][7]) { return false; }
    if (people.indexOf(tokens[at - 1][1]) >= 0) { return true; }
    return tokens[at - 1][0] === "s" && at > 1 && !tokens[at - 1][9] && tokens[at - 2][7] === tokens[at][7] &&
      people.indexOf(stemWord(tokens[at - 2][0])) >= 0;
  }

  var QUANTIFIERS = ["each", "every", "all", "any"]; /* the owner of an "'s" is one of many (whose.py: QUANTIFIERS) */

  /* Whether a name or number is said as a business's own, "the deli's name" (whose.py: business_s). */
  function businessS(tokens, at, people) {
    return tokens[at][1] === stemWord("name") && !tokens[at][9] && at > 1 && tokens[at - 1][0] === "s" && !tokens[at - 1][9] &&
      tokens[at - 1][7] === tokens[at][7] && tokens[at - 2][7] === tokens[at][7] && people.indexOf(stemWord(tokens[at - 2][0])) < 0 &&
      !tokens[at - 2][9].split(" ").some(function (w) { return QUANTIFIERS.indexOf(w) >= 0; });
  }

  /* Whether a search hit is the tactic the text names: the name itself, or a word of three letters or more
     (classify.py: names_a_tactic). */
  function namesATactic(text, hit) {
    return hit.score === 100 || normalize(text).split(" ").some(function (w) { return w.length >= 3; });
  }

  /* Whether a phrase ends in the team's own name or number (whose.py: shown_as_ours). */
  function shownAsOurs(tokens, m, people) {
    if (SHOWN.indexOf(m.key[m.key.length - 1]) < 0) { return false; }
    for (var k = m.start; k < m.end; k++) { if (possessor(tokens, k, people) === "ours") { return true; } }
    return false;
  }

  /* The words of a match with the possessive that says whose they are (whose.py: owned_words). */
  function ownedWords(tokens, m, people) {
    var words = [];
    for (var k = m.start; k < m.end; k++) {
      var owner = tokens[k][9].split(" ").filter(function (w) { return THEIRS.indexOf(w) >= 0 || OURS.indexOf(w) >= 0; });
      if (owner.length) { words.push(owner[owner.length - 1]); }
      else if (k === m.start && possessor(tokens, k, people)) { /* "the deli's name", "the caller's number", "customer emails" */
        words.push(tokens[k - 1][0] === "s" ? tokens[k - 2][0] + "'s" : tokens[k - 1][0]);
      }
      words.push(tokens[k][0]);
    }
    return words.join(" ");
  }

  /* [position, stem] of each verb of reaching people one by one (whose.py: reached). */
  function reached(tokens, reach, people) {
    var out = [];
    tokens.forEach(function (t, i) {
      if (reach.indexOf(t[1]) < 0 || t[6]) { return; }
      if (t[10].split(" ").some(function (w) { return REACH_OBJECTS.indexOf(w) >= 0; })) { out.push([i, i + 1]); return; }
      var named = peopleNamed(tokens, i, people);
      if (named) { out.push([i, named + 1]); }
    });
    return out;
  }

  /* Determiners that may stand between a verb and its object (whose.py: ARTICLES). */
  var ARTICLES = DETERMINERS.filter(function (w) { return w !== "that" && w !== "this"; });

  /* Where the people that are the object of the verb at verb stand, within three words; 0 when none
     (whose.py: people_named). */
  function peopleNamed(tokens, verb, people) {
    for (var k = verb + 1; k < Math.min(verb + 4, tokens.length); k++) {
      if (tokens[k][7] !== tokens[verb][7] || tokens[k][9].split(" ").some(function (w) { return w && ARTICLES.indexOf(w) < 0; })) { return 0; }
      if (people.indexOf(tokens[k][1]) >= 0) { return k; }
    }
    return 0;
  }

  /* Whether the word after a phrase, in its clause, says it is required (reading.py: required_after). */
  function requiredAfter(tokens, m) {
    return m.end < tokens.length && REQUIRED.indexOf(tokens[m.end][0]) >= 0 && tokens[m.end][7] === tokens[m.start][7];
  }

  /* Whether the negated absence phrase at at follows, in the same cue's scope and after "and" or "plus", a capture
     phrase that cue negates: "no form and totally ungated" (reading.py: listed_with_an_absence). */
  function listedWithAnAbsence(tokens, at, spans) {
    var cue = tokens[at][2], clause = tokens[at][7], absent = {};
    spans.forEach(function (sp) { if (sp[0] === "absent") { sp[2].forEach(function (i) { absent[i] = true; }); } });
    for (var k = at - 1; k >= 0; k--) {
      if (tokens[k][7] !== clause || tokens[k][2] !== cue) { return false; }
      if (absent[k]) {
        for (var j = k + 1; j <= at; j++) {
          if (ALSO_JOINING.indexOf(tokens[j][0]) >= 0 || tokens[j][9].split(" ").some(function (w) { return ALSO_JOINING.indexOf(w) >= 0; })) {
            return true;
          }
        }
        return false;
      }
    }
    return false;
  }

  /* What the description says happens to contact details (reading.py: read_capture). */
  /* Absent phrases opening with a negation cue are looked for as a description is read, without the cue, said
     only under one (reading.py: absent_phrases). */
  function absentPhrases(doc, absent, phrases) {
    var taken = {};
    phrases.forEach(function (p) { taken[p[0].join(" ")] = true; });
    return absent.map(function (k) {
      var tokens = descriptionTokens(k, doc);
      var key = phraseKey(tokens.map(function (t) { return t[0]; }).join(" "));
      if (tokens.length && tokens[0][2] && !taken[key.join(" ")]) { return [key, ["unsaid", k]]; }
      return [phraseKey(k), ["absent", k]];
    });
  }

  function readCapture(doc, tokens) {
    var taken = findPhrases(tokens, doc._capturePhrases), said = { present: [], absent: [] }, seen = {}, spans = [];
    var places = [], optional = [], trained = {}, shown = []; /* shown: "with our name at the bottom" */
    taken.forEach(function (m) { if (m.owner[0] === "training" && !tokens[m.start][2]) { trained[tokens[m.start][4]] = true; } });
    function say(side, m, typed) {
      var key = side + " " + m.key.join(" ");
      typed = typed || typedWords(tokens, m);
      if (seen[key] || said[side].indexOf(typed) >= 0) { return; } /* each phrase once, however it was found */
      seen[key] = true;
      said[side].push(typed);
      spans.push([side, said[side][said[side].length - 1], range(m.start, m.end)]);
    }
    var people = doc._words.people, undecided = undecidedClauses(tokens, doc._words.undecided);
    taken.forEach(function (m) {
      var side = m.owner[0], negated = !!tokens[m.start][2];
      if (negated && isUndecided(undecided, tokens[m.start])) { return; } /* "nothing decided about forms yet" */
      if (side === "optional") { if (!negated) { optional.push(m); } return; }
      if (side === "neutral" || side === "training") { return; } /* "press outreach" says nothing of capture */
      if (side === "unsaid") { if (negated) { say("absent", m); } return; } /* "nothing to fill in" */
      if (side === "role") { /* "training for every AE": the people trained, not where contacts go */
        if (trained[tokens[m.start][4]] || (negated && !cueObject(tokens, m.start))) { return; } /* "no cold calls for the SDRs" */
        side = "present";
      }
      if (side === "absent" && !negated && tokens[m.start][3]) { places.push(m); return; } /* "a form on the public page" */
      if (side === "present" && !negated && shownAsOurs(tokens, m, people)) { shown.push(m); return; } /* "the name and our phone number" */
      if (side === "channel") {
        if (negated) { return; } /* "no cold calls" says nothing about the form that follows */
        side = "present";
      } else if (side === "asked") {
        var owner = possessor(tokens, m.start, people);
        if (owner === "ours") { /* "our number on the van": shown to people, not asked of them */
          if (!negated && SHOWN.indexOf(m.key[m.key.length - 1]) >= 0) { shown.push(m); }
          return;
        }
        /* "an email newsletter" captures nothing; "no email" says so; "a phone number is required" asks for one */
        if (!negated && owner !== "theirs" && !requiredAfter(tokens, m)) { return; }
        if (!negated) { say("present", m, ownedWords(tokens, m, people)); return; } /* "leave their number": handed over */
        side = "absent";
      } else if (negated && side === "absent" && listedWithAnAbsence(tokens, m.start, spans)) {
        say("absent", m, tokens.slice(m.start, m.end).map(function (t) { return t[0]; }).join(" ")); /* without the cue */
        return;
      } else if (negated) { side = side === "present" ? "absent" : "present"; }
      say(side, m);
    });
    var reach = reached(tokens, doc._words.reach, people);
    reach.forEach(function (r) { /* "ring each past donor", "call them next week", "phone the members" */
      var t = tokens[r[0]];
      if (t[2]) { return; }
      var typed = r[1] > r[0] + 1 ? range(r[0], r[1]).map(function (i) { return tokens[i][0]; }).join(" ") : t[0] + " " + t[10];
      say("present", { start: r[0], end: r[1], key: [t[1], typed] }, typed);
    });
    if (!said.present.length) { places.forEach(function (m) { say("absent", m); }); }
    shown.forEach(function (m) { /* the team's own name shown is brand work: alone, or set apart from a capture step */
      if (!said.present.length || apart(tokens, range(m.start, m.end), spans)) { say("absent", m, ownedWords(tokens, m, people)); }
    });
    if (said.present.length) { optional.forEach(function (m) { say("absent", m); }); } /* a step one may skip */
    var covered = coveredBy(taken);
    reach.forEach(function (r) { for (var i = r[0]; i < r[1]; i++) { covered[i] = true; } });
    return { capture: said, covered: covered, spans: spans };
  }

  /* [side, typed] per capture phrase a contrast sets aside: one of the other side follows it in its
     sentence after a contrast cue, unless it is an open part and the capture step after the contrast
     stands on another asset (reading.py: set_aside, another_asset). */
  function setAside(spans, tokens, assets) {
    var said = spans.filter(function (sp) { return sp[2].length; }).map(function (sp) {
      return [sp[0], tokens[sp[2][0]][4], tokens[sp[2][0]][5], sp[2][0]];
    });
    if (partlyGated(tokens, spans)) { /* "summary readable openly, the checklist at the end unlocks with an email" */
      return spans.filter(function (sp) { return sp[0] === "absent" && sp[2].length; }).map(function (sp) { return [sp[0], sp[1]]; });
    }
    return spans.filter(function (sp) {
      if (!sp[2].length) { return false; }
      var t = tokens[sp[2][0]];
      var turned = said.some(function (o) { return o[0] !== sp[0] && o[1] === t[4] && o[2] > t[5]; });
      if (turned && !(sp[0] === "absent" && anotherAsset(tokens, assets || {}, t[4], t[5]))) { return true; }
      return sp[0] === "absent" && gatedLater(said, tokens, assets || {}, t[4], t[5], sp[2][sp[2].length - 1]);
    }).map(function (sp) { return [sp[0], sp[1]]; });
  }

  /* Words naming a part of one piece of content (parts.py: PARTS). */
  var PARTS = ["summary", "preview", "intro", "introduction", "excerpt", "teaser", "headline", "rest", "remainder", "appendix"].map(stemWord);

  /* Whether one piece of content is said part open, part captured (parts.py: partly_gated). */
  function partlyGated(tokens, spans) {
    var present = false, absent = false, sentences = [];
    spans.forEach(function (sp) {
      if (!sp[2].length) { return; }
      if (sp[0] === "present") { present = true; } else { absent = true; }
      sentences.push(tokens[sp[2][0]][4]);
    });
    if (!present || !absent || tokens.some(function (t) { return APART.indexOf(t[0]) >= 0; })) { return false; }
    return tokens.some(function (t) { return PARTS.indexOf(t[1]) >= 0 && !t[2] && sentences.indexOf(t[4]) >= 0; });
  }

  /* A word making what follows the condition of what came before (reading.py: GATE_WORDS). */
  var GATE_WORDS = ["only"];

  /* Whether a capture phrase follows an open one later in its sentence as its condition, on no asset named only
     after the open phrase (reading.py: gated_later). */
  function gatedLater(said, tokens, assets, sentence, turn, end) {
    var later = said.filter(function (o) { return o[0] === "present" && o[1] === sentence && o[2] === turn && o[3] > end; });
    var gated = later.some(function (o) {
      for (var i = end + 1; i < o[3]; i++) { if (GATE_WORDS.indexOf(tokens[i][0]) >= 0) { return true; } }
      return false;
    });
    if (!gated) { return false; }
    var after = {}, before = {};
    Object.keys(assets).forEach(function (at) {
      var i = Number(at);
      if (i <= end) { before[assets[at]] = true; } else if (tokens[i][4] === sentence && !wholeOf(tokens, i)) { after[assets[at]] = true; }
    });
    return Object.keys(after).every(function (key) { return key in before; });
  }

  /* Words making an asset the whole of what was named before it (reading.py: WHOLE_OF). */
  var WHOLE_OF = ["full", "whole", "complete", "entire"];

  function wholeOf(tokens, at) {
    for (var i = Math.max(0, at - 3); i < at; i++) {
      if (WHOLE_OF.indexOf(tokens[i][0]) >= 0 && tokens[i][4] === tokens[at][4]) { return true; }
    }
    return false;
  }

  /* position -> key of each asset phrase the description names (reading.py: asset_positions). */
  function assetPositions(doc, tokens) {
    var out = {};
    findPhrases(tokens, doc._assetPhrases).forEach(function (m) { out[m.start] = m.key.join(" "); });
    return out;
  }

  /* Whether the part of a sentence after the contrast following `turn` names only assets not named before it (reading.py: another_asset). */
  function anotherAsset(tokens, assets, sentence, turn) {
    var first = -1, after = {}, before = {}, any = false;
    tokens.forEach(function (t, i) { if (first < 0 && t[4] === sentence && t[5] > turn) { first = i; } });
    if (first < 0) { return false; }
    Object.keys(assets).forEach(function (at) {
      var i = Number(at), t = tokens[i];
      if (t[4] === sentence && t[5] > turn) {
        if (!wholeOf(tokens, i)) { after[assets[at]] = true; any = true; }
      } else if (i < first) { before[assets[at]] = true; }
    });
    return any && !Object.keys(after).some(function (key) { return key in before; });
  }

  /* The capture phrases a contrast did not set aside (classify.py: kept). */
  function kept(capture, aside) {
    var out = { present: [], absent: [] };
    ["present", "absent"].forEach(function (side) {
      out[side] = capture[side].filter(function (typed) {
        return !aside.some(function (a) { return a[0] === side && a[1] === typed; });
      });
    });
    return out;
  }

  /* Whether a word is the first its negation cue reaches, the thing said not to be (reading.py: cue_object). */
  function cueObject(tokens, at) {
    var t = tokens[at], before = at ? tokens[at - 1] : null;
    if (!t[2]) { return false; }
    return !before || before[2] !== t[2] || before[4] !== t[4] || before[5] !== t[5];
  }

  /* Words of a task on tools, money or people, not quoted, negated only further along a cue's scope, in half the sentences or more (reading.py: read_off_topic). */
  /* evidence: {position: true} of the tactics' words, keywords and capture phrases; chores: every unquoted off-topic
     phrase, aside or not (reading.py: read_off_topic). */
  function readOffTopic(doc, tokens, evidence) {
    var unquoted = findPhrases(tokens, doc._offTopicPhrases).filter(function (m) { return !tokens[m.start][6]; });
    var taken = unquoted.filter(function (m) { return !cueObject(tokens, m.start); }), said = [];
    var sentences = {}, saidIn = {}, beside = false;
    tokens.forEach(function (t) { sentences[t[4]] = true; });
    taken.forEach(function (m) { saidIn[tokens[m.start][4]] = true; });
    Object.keys(evidence || {}).forEach(function (i) { if (saidIn[tokens[i][4]]) { beside = true; } });
    var tasks = Object.keys(saidIn).length, total = Object.keys(sentences).length;
    if (2 * tasks < total || (!beside && total > 2 && 2 * tasks <= total)) { taken = []; }
    taken.forEach(function (m) { var typed = typedWords(tokens, m); if (said.indexOf(typed) < 0) { said.push(typed); } });
    return { said: said, covered: coveredBy(taken), chores: coveredBy(unquoted) };
  }

  function range(start, end) { var out = []; for (var i = start; i < end; i++) { out.push(i); } return out; }

  function agreement(tactic, described) {
    return Object.keys(described).reduce(function (sum, s) {
      return s in tactic.signals ? sum + (tactic.signals[s] === described[s] ? 1 : -1) : sum;
    }, 0);
  }

  function recogniseTactics(doc, tokens, described) {
    described = described || {};
    var taken = findPhrases(tokens, doc._tacticPhrases), byTactic = {}, entries = [];
    taken.forEach(function (m) {
      if (tokens[m.start][2]) { return; }
      var rank = m.owner[0], kind = m.owner[1], text = m.owner[2];
      var entry = byTactic[rank];
      if (!entry) { entry = byTactic[rank] = { rank: rank, score: 0, first: m.start, words: [], keys: [], spans: [] }; entries.push(entry); }
      var key = m.key.join(" ");
      if (entry.keys.indexOf(key) >= 0) { return; }
      entry.keys.push(key);
      entry.spans.push([kind, range(m.start, m.end)]);
      var weight = m.key.length + (kind === "name" ? 2 : 0);
      entry.score += weight;
      var typed = tokens.slice(m.start, m.end).map(function (t) { return t[0]; }).join(" ");
      entry.words.push({ typed: typed, phrase: text, kind: kind, weight: weight });
    });
    entries.sort(function (a, b) {
      return b.score - a.score || agreement(doc.tactics[b.rank], described) - agreement(doc.tactics[a.rank], described) ||
        a.first - b.first || a.rank - b.rank;
    });
    return { found: entries.map(function (e) { return { tactic: doc.tactics[e.rank], score: e.score, words: e.words, spans: e.spans }; }),
      covered: coveredBy(taken) };
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
        sources: answer.sources && answer.sources.length ? answer.sources : question.sources,
        disputes: (question.disputes || []).concat(answer.disputes || []),
        terms: answer.terms.length ? answer.terms : question.terms });
    });
    reasons.sort(function (a, b) { return Math.abs(b.weight) - Math.abs(a.weight); });
    if (!reasons.length) { return { score: 0, classification: null, reasons: [] }; }
    return { score: total, classification: decide(total, doc.both_within), reasons: reasons };
  }

  function decide(total, bothWithin) {
    if (Math.abs(total) <= bothWithin) { return "both"; }
    return total > 0 ? "lead_generation" : "demand_generation";
  }

  /* ---- 4. putting it together (classify.py: classify, known_tactic_result, headline) ---- */

  function classify(doc, text, answers) {
    answers = answers || {};
    /* as many characters as classify.py reads (its MAX_DESCRIPTION, in the document), counted in code points */
    text = Array.from(plainSpaces(text || "").trim()).slice(0, doc.max_description).join("");
    var hits = text ? search(doc, text, 1) : [];
    var inferred = {}, unrecognised = [], tactic = null, matched = null, found = [], words = [], offTopic = [];
    var parts = false; /* whether the description names an open part of its plan beside a capture step */
    var capture = { present: [], absent: [] }, clues = [], aside = [], calledOff = [];
    if (hits.length && hits[0].score >= doc.match_threshold && namesATactic(text, hits[0])) {
      tactic = hits[0].tactic;
      matched = hits[0].matched;
      found = [{ tactic: tactic, score: hits[0].score, words: [] }];
      words = [{ typed: normalize(text), phrase: matched, kind: "name", weight: 0 }];
    } else {
      var read = readDescription(text, doc), tokens = read.tokens;
      calledOff = read.calledOff;
      var keywords = readKeywords(doc, tokens);
      inferred = keywords.answers;
      var captured = readCapture(doc, tokens);
      capture = captured.capture;
      var read = {};
      Object.keys(inferred).forEach(function (s) { read[s] = inferred[s].value; });
      var tactics = recogniseTactics(doc, tokens, read);
      found = tactics.found;
      var off = readOffTopic(doc, tokens, Object.assign({}, tactics.covered, keywords.covered, captured.covered));
      parts = openActivityBeside(doc, found, capture, captured.covered, captured.spans, tokens, off.chores);
      markGoalsApart(inferred, tokens, captured.spans);
      offTopic = off.said;
      tokens.forEach(function (token, i) {
        if (!tactics.covered[i] && !keywords.covered[i] && !captured.covered[i] && !off.covered[i] && unrecognised.indexOf(token[0]) < 0 &&
            token[0] !== "s") {
          unrecognised.push(token[0]); /* each once; not the "s" of a possessive */
        }
      });
      tactic = found.length ? found[0].tactic : null;
      words = found.length ? found[0].words : [];
      aside = setAside(captured.spans, tokens, assetPositions(doc, tokens));
      clues = descriptionClues(doc, captured.spans, inferred, found.length ? found[0] : null);
    }
    var described = {};
    Object.keys(inferred).forEach(function (s) { described[s] = inferred[s].value; });
    var heard = { recognised: words, unrecognised: unrecognised, capture: capture, off_topic: offTopic, also: found.slice(1, 4).map(function (f) {
      return { id: f.tactic.id, name: f.tactic.name, classification: f.tactic.classification, score: f.score, words: f.words };
    }) };
    var given = Object.keys(answers).length > 0;
    if (capture.present.length || capture.absent.length) { /* what happens to contact details decides first (classify.py) */
      var verdict = captureVerdict(capture, inferred, aside);
      /* a tactic the sources list in both columns: one side said is one of its two jobs (classify.py) */
      if (tactic && tactic.classification === "both" && !verdict[1]) { verdict[0] = "both"; }
      if (!tactic || verdict[1] || verdict[0] !== tactic.classification || given) {
        return finish(doc, captureResult(doc, capture, inferred, tactic, heard, clues, aside, parts, answers));
      }
      var agreeing = Object.assign(knownTacticResult(doc, tactic, null, inferred), heard, { decided_by: "capture" });
      agreeing.evidence = independent(clues).concat(againstItsSignals(agreeing));
      agreeing.reasons.splice(1, 0, captureReason(doc, capture, aside));
      agreeing.confidence = confidenceOf(agreeing);
      return finish(doc, agreeing);
    }
    var base = {};
    if (tactic) {
      var contradicted = Object.keys(described).some(function (s) {
        return s in tactic.signals && tactic.signals[s] !== described[s];
      });
      if (!Object.keys(answers).length && !contradicted) {
        var known = Object.assign(knownTacticResult(doc, tactic, matched, inferred), heard);
        if (matched === null) { known.evidence = independent(clues).concat(againstItsSignals(known)); }
        known.confidence = confidenceOf(known);
        return finish(doc, known);
      }
      Object.assign(base, tactic.signals);
    }
    Object.assign(base, described, answers);
    var result = score(doc, base);
    if (result.classification === null) {
      return Object.assign({ tactic: null, name: null, based_on: null, classification: null, disputed: false, score: 0,
        reasons: [], answers: base, inferred: {}, views: [], rules_classification: null, confidence: null,
        decided_by: null, headline: "Not understood", called_off: Object.keys(answers).length ? [] : calledOff }, heard);
    }
    var keywordsRead = {};
    Object.keys(inferred).forEach(function (s) { if (!(s in answers)) { keywordsRead[s] = inferred[s].keywords; } });
    var outcome = Object.assign({ tactic: null, name: null, based_on: tactic ? tactic.id : null,
      classification: result.classification, disputed: false, decided_by: "rules", score: result.score,
      reasons: result.reasons, answers: base, inferred: keywordsRead, views: [],
      rules_classification: result.classification }, heard);
    outcome.evidence = independent(clues.filter(function (c) { return !(c[0] in answers); }));
    if (tactic && tactic.disputes.length && !Object.keys(answers).length) { /* a variant of a disputed tactic */
      outcome.disputed = true;
      outcome.views = tacticViews(tactic);
    }
    if (given) { /* the reader's own answers are sure, unless one leans against the verdict they are part of */
      outcome.answered_against = leansAgainst(doc, answers, result.classification);
      outcome.confidence = outcome.answered_against ? "medium" : "high";
    } else {
      outcome.confidence = confidenceOf(outcome);
    }
    return finish(doc, outcome);
  }

  /* Whether one of the reader's own answers leans the other way from a verdict (classify.py: leans_against). */
  function leansAgainst(doc, answers, verdict) {
    var other = { lead_generation: "demand_generation", demand_generation: "lead_generation" }[verdict];
    return doc.questions.some(function (q) {
      return q.signal in answers && q.answers.some(function (a) { return a.value === answers[q.signal] && a.leans === other; });
    });
  }

  /* [what, lean, positions] per clue read from a description (classify.py: description_clues). */
  function descriptionClues(doc, spans, inferred, found) {
    var leans = {}, clues = [];
    doc.questions.forEach(function (q) { q.answers.forEach(function (a) { leans[q.signal + " " + a.value] = a.leans; }); });
    spans.forEach(function (span) { clues.push([span[1], span[0] === "present" ? "lead_generation" : "demand_generation", span[2]]); });
    Object.keys(inferred).forEach(function (signal) {
      var lean = leans[signal + " " + inferred[signal].value];
      if (lean in SIGN) { clues.push([signal, lean, inferred[signal].at]); }
    });
    (found ? found.spans : []).forEach(function (span) {
      clues.push([span[0] === "name" ? "name" : "row", found.tactic.classification, span[1]]);
    });
    return clues;
  }

  /* One word is one clue (classify.py: independent). */
  /* ["its signals", lean] when a tactic's own signals lean the other way from its row (classify.py: against_its_signals). */
  function againstItsSignals(outcome) {
    var rules = outcome.rules_classification, verdict = outcome.classification;
    return rules in SIGN && verdict in SIGN && rules !== verdict ? [["its signals", rules]] : [];
  }

  function independent(clues) {
    var counted = {}, evidence = [];
    clues.forEach(function (clue) {
      var at = clue[2];
      if (at.length && at.every(function (p) { return counted[p]; })) { return; }
      at.forEach(function (p) { counted[p] = true; });
      evidence.push([clue[0], clue[1]]);
    });
    return evidence;
  }

  /* classify.py: evidence_of */
  function evidenceOf(r) {
    if (r.evidence) { return r.evidence; }
    var evidence = [["name", r.classification]];
    if (r.rules_classification === r.classification) { evidence.push(["its signals", r.classification]); }
    return evidence;
  }

  /* high: two or more agree and none contradicts; low: a single clue (classify.py: confidence_of). */
  /* The one clue is the aim of making people aware: a definition, no guess (classify.py: aims_at_awareness). */
  function aimsAtAwareness(r, evidence) {
    return r.classification === "demand_generation" && evidence.length === 1 && evidence[0][0] === "goal" &&
      !!r.answers && r.answers.goal === "build_awareness";
  }

  function confidenceOf(r) {
    var evidence = evidenceOf(r), verdict = r.classification;
    if (r.off_topic && r.off_topic.length && evidence.length <= 2) { return "low"; }
    var agree = evidence.filter(function (e) { return e[1] === verdict; }).length;
    var against = evidence.filter(function (e) { return e[1] !== verdict && e[1] in SIGN && verdict in SIGN; }).length;
    if (evidence.length <= 1) { return r.tactic || r.decided_by === "capture" || aimsAtAwareness(r, evidence) ? "medium" : "low"; }
    return agree >= 2 && !against && !r.disputed ? "high" : "medium";
  }

  /* Capture evidence decides (classify.py: capture_result). */
  function captureResult(doc, capture, inferred, tactic, heard, clues, aside, parts, given) {
    aside = aside || [];
    given = given || {};
    var described = {}, keywordsRead = {};
    Object.keys(inferred).forEach(function (s) {
      described[s] = inferred[s].value;
      if (!(s in given)) { keywordsRead[s] = inferred[s].keywords; }
    });
    Object.keys(given).forEach(function (s) { described[s] = given[s]; }); /* the reader's own answers (classify.py) */
    var rules = score(doc, described), verdict = captureVerdict(capture, inferred, aside);
    var classification = verdict[0], depends = verdict[1];
    var outcome = Object.assign({ tactic: null, name: null, based_on: tactic ? tactic.id : null,
      classification: classification, disputed: false, decided_by: "capture", depends: depends, score: rules.score,
      reasons: [captureReason(doc, capture, aside)].concat(rules.reasons), answers: described, inferred: keywordsRead, views: [],
      rules_classification: null, evidence: independent(clues),
      aside: aside.map(function (a) { return a[1]; }) }, heard);
    outcome.parts = depends && !!parts;
    outcome.confidence = depends ? "medium" : confidenceOf(outcome);
    if (Object.keys(given).length && leansAgainst(doc, given, classification)) { /* classify.py: capture_result */
      outcome.answered_against = true; /* the reader's own answer leans the other way: no more than fairly sure */
      if (outcome.confidence === "high") { outcome.confidence = "medium"; }
    }
    return outcome;
  }

  /* Whether an open part of the plan is named beside its capture step; it joins the capture evidence
     (parts.py: open_activity_beside). */
  function openActivityBeside(doc, found, capture, covered, spans, tokens, tasks) {
    if (!capture.present.length || capture.absent.length) { return false; }
    var part = openPart(doc, found, covered, spans, tokens, tasks || {});
    if (part.length) {
      var typed = part.map(function (i) { return tokens[i][0]; }).join(" ");
      capture.absent.push(typed);
      spans.push(["absent", typed, part]);
    }
    return part.length > 0;
  }

  /* The positions of the words naming the open part of a plan beside its capture step (parts.py: open_part). */
  function openPart(doc, found, covered, spans, tokens, tasks) {
    var activities = ((doc.reading || {}).capture || {}).open_activities || [];
    var first = -1;
    spans.forEach(function (sp) { if (sp[0] === "present" && sp[2].length && (first < 0 || sp[2][0] < first)) { first = sp[2][0]; } });
    for (var f = 0; f < found.length; f++) {
      if (found[f].tactic.classification !== "demand_generation" && activities.indexOf(found[f].tactic.id) < 0) { continue; }
      for (var k = 0; k < found[f].spans.length; k++) {
        var kind = found[f].spans[k][0], at = found[f].spans[k][1];
        var named = kind === "name" || apart(tokens, at, spans) || (activities.indexOf(found[f].tactic.id) >= 0 && beside(tokens, at, first));
        if (named && !at.some(function (i) { return covered[i]; }) && !tokens[at[0]][3]) { return at; }
      }
    }
    var open = openPartApart(tokens, spans, covered);
    if (open === null) { return otherPart(tokens, spans, covered, found, tasks, doc._words.requests); }
    var describes = open + 1 < tokens.length && DESCRIBING.indexOf(tokens[open][1]) >= 0 && tokens[open + 1][7] === tokens[open][7];
    return describes ? [open, open + 1] : [open]; /* "free tastings": quoted with the word it describes */
  }

  /* The first words of the part of a plan set apart from its capture step, when it captures nothing, names no
     lead-generation tactic and is no task or quotation (parts.py: other_part). */
  function otherPart(tokens, spans, covered, found, tasks, requests) {
    var cue = -1;
    for (var c = 0; c < tokens.length && cue < 0; c++) { if (APART.indexOf(tokens[c][0]) >= 0) { cue = c; } }
    if (cue < 0) { return []; }
    var captured = [];
    spans.forEach(function (sp) { if (sp[0] === "present" && sp[2].length && captured.indexOf(sp[2][0]) < 0) { captured.push(sp[2][0]); } });
    var sentence = tokens[cue][4], before = [], after = [], lead = {};
    for (var i = 0; i < cue; i++) { if (tokens[i][4] === sentence) { before.push(i); } }
    if (!before.length) { for (i = 0; i < cue; i++) { if (tokens[i][4] === sentence - 1) { before.push(i); } } }
    for (i = cue + 1; i < tokens.length; i++) { if (tokens[i][4] === sentence) { after.push(i); } }
    found.forEach(function (f) {
      if (f.tactic.classification === "lead_generation") { f.spans.forEach(function (sp) { sp[1].forEach(function (k) { lead[k] = true; }); }); }
    });
    var pairs = [[before, after], [after, before]];
    for (var p = 0; p < pairs.length; p++) {
      var side = pairs[p][0], other = pairs[p][1];
      if (!captured.length || !captured.every(function (k) { return other.indexOf(k) >= 0; })) { continue; }
      var words = side.filter(function (k) { return tokens[k][1].length > 2; });
      if (words.length < 2 || side.some(function (k) { return covered[k] || lead[k] || tokens[k][2] || tokens[k][6]; })) { continue; }
      if (side.some(function (k) { return tasks[k] || requests.indexOf(tokens[k][1]) >= 0; })) { continue; } /* a chore */
      return words.slice(0, 3);
    }
    return [];
  }

  /* Words that call a part of a plan open to all (parts.py: OPEN_MARKS). */
  var OPEN_MARKS = ["free", "anyone", "everyone", "anybody", "everybody", "open", "public"].map(stemWord);
  var DESCRIBING = ["free", "open", "public"].map(stemWord); /* those that describe the word after them */

  /* The first open-to-all word in a clause no capture phrase is in, when the writer sets the parts apart
     (parts.py: open_part_apart). */
  function openPartApart(tokens, spans, covered) {
    var setApart = tokens.some(function (t) { return APART.indexOf(t[0]) >= 0; });
    var captured = {}, first = -1;
    spans.forEach(function (sp) {
      if (sp[0] === "present" && sp[2].length) {
        captured[tokens[sp[2][0]][7]] = true;
        if (first < 0 || sp[2][0] < first) { first = sp[2][0]; }
      }
    });
    for (var i = 0; i < tokens.length; i++) {
      var t = tokens[i];
      if (OPEN_MARKS.indexOf(t[1]) >= 0 && !t[2] && !t[6] && !captured[t[7]] && !covered[i] && (setApart || joinedBefore(tokens, i, first))) { return i; }
    }
    return null;
  }

  /* Whether the word at at stands in a clause before the capture step's, whose clause opens with "and"
     (parts.py: joined_before). */
  function joinedBefore(tokens, at, first) {
    if (at < 0 || at >= first || tokens[at][7] >= tokens[first][7]) { return false; }
    for (var k = 0; k <= first; k++) { if (tokens[k][7] === tokens[first][7]) { return !!tokens[k][8]; } }
    return false;
  }

  /* Whether an open activity's word names a thing of its own beside the capture step (parts.py: beside). */
  function beside(tokens, at, first) {
    var end = at[at.length - 1];
    if (first < 0 || end >= first) { return false; }
    if (tokens[end][7] < tokens[first][7]) { return true; }
    for (var k = end + 1; k <= first; k++) { if (tokens[k][8]) { return true; } }
    return false;
  }

  /* Words saying two parts of a plan stand apart (parts.py: APART). */
  var APART = ["separate", "separately", "meanwhile", "plus", "also", "besides", "additionally", "addition", "elsewhere",
    "alongside", "other"];

  /* Whether a tactic's word names a part of the plan apart from its capture step (parts.py: apart). */
  function apart(tokens, at, spans) {
    var captured = spans.filter(function (sp) { return sp[0] === "present" && sp[2].length; }).map(function (sp) {
      return tokens[sp[2][0]];
    });
    var sentences = [tokens[at[0]][4]].concat(captured.map(function (t) { return t[4]; }));
    if (tokens.some(function (t) { return APART.indexOf(t[0]) >= 0 && sentences.indexOf(t[4]) >= 0; })) { return true; }
    return captured.length > 0 && captured.every(function (t) { return t[4] === tokens[at[0]][4] && t[5] > tokens[at[0]][5]; });
  }

  /* [classification, depends] (classify.py: capture_verdict). */
  /* An awareness goal or a brand focus read only in sentences with no capture phrase is apart (reading.py:
     mark_goals_apart). */
  function markGoalsApart(inferred, tokens, spans) {
    var sentences = [];
    spans.forEach(function (sp) { if (sp[0] === "present" && sp[2].length) { sentences.push(tokens[sp[2][0]][4]); } });
    ["focus", "goal"].forEach(function (signal) {
      var found = inferred[signal];
      if (found && sentences.length && !found.at.some(function (at) { return sentences.indexOf(tokens[at][4]) >= 0; })) { found.apart = true; }
    });
  }

  function captureVerdict(capture, inferred, aside) {
    capture = kept(capture, aside || []);
    if (capture.present.length && capture.absent.length) { return ["both", true]; }
    if (capture.present.length) {
      /* an awareness goal or a brand named (not read from a negated product word) beside it: both */
      var focus = inferred.focus || { keywords: [] }, goal = inferred.goal || {};
      var named = focus.value === "brand" && !focus.apart && focus.keywords.some(function (k) { return k.indexOf("not ") !== 0; });
      return [(goal.value === "build_awareness" && !goal.apart) || named ? "both" : "lead_generation", false];
    }
    return ["demand_generation", false];
  }

  /* classify.py: capture_reason */
  function captureReason(doc, capture, aside) {
    aside = aside || [];
    var left = kept(capture, aside), present = capture.present, absent = capture.absent, text;
    if (aside.length && (left.present.length || left.absent.length)) {
      text = (left.present.length ? "Contact details are captured, which the sources call lead generation"
        : "Contact details are explicitly not captured, which the sources call demand generation") +
        "; what a contrast ('but', 'except') sets against it does not decide.";
    } else if (present.length && absent.length) {
      text = "Contact details are captured in one part and not in another; the answer depends on which part you run.";
    } else if (present.length) {
      text = "Contact details are captured, which the sources call lead generation.";
    } else {
      text = "Contact details are explicitly not captured, which the sources call demand generation.";
    }
    var sources = (doc.reading && doc.reading.capture && doc.reading.capture.sources) || [];
    return { kind: "capture", text: text, present: present.slice(), absent: absent.slice(), weight: 0,
      sources: sources, terms: [] };
  }

  /* The glossary's view of a tactic, then each source that disputes it (classify.py: tactic_views). */
  function tacticViews(tactic) {
    return [{ by: "glossary", classification: tactic.classification, sources: tactic.sources }].concat(
      tactic.disputes.map(function (d) { return { by: d.source.id, classification: d.classification, note: d.note, source: d.source }; }));
  }

  function knownTacticResult(doc, tactic, matched, described) {
    described = described || {};
    var answers = Object.assign({}, tactic.signals), inferred = {};
    Object.keys(described).forEach(function (s) { answers[s] = described[s].value; inferred[s] = described[s].keywords; });
    var rules = score(doc, answers);
    var rationale = { kind: "rationale", text: tactic.rationale, html: tactic.rationale_html, weight: 0,
      sources: tactic.sources, terms: tactic.terms };
    var views = tactic.disputes.length ? tacticViews(tactic) : [];
    return { tactic: tactic.id, name: tactic.name, based_on: null, matched: matched || tactic.name,
      classification: tactic.classification, classified_by: tactic.classified_by || "sources",
      disputed: tactic.disputes.length > 0, score: rules.score,
      reasons: [rationale].concat(rules.reasons), answers: answers, inferred: inferred,
      views: views, rules_classification: rules.classification, recognised: [], also: [], unrecognised: [],
      capture: { present: [], absent: [] }, decided_by: "tactic" };
  }

  /* classify.py: CONFIDENCE_WORDS */
  var CONFIDENCE_WORDS = { high: "sure: several clues agree", medium: "fairly sure: the clues do not all agree",
    low: "a guess from a single clue" };

  /* The confidence in plain words, with the reason for its level (describe.py: confidence_words). */
  function confidenceWords(r) {
    if (r.confidence === "low" && r.off_topic && r.off_topic.length) { return "a guess: it reads like a task, not a tactic"; }
    if (r.confidence === "medium" && r.answered_against) { return "fairly sure: one of your answers leans the other way"; }
    if (r.confidence === "medium" && r.parts) { return "fairly sure: each part of the plan is clear, and they lean opposite ways"; }
    if (r.confidence === "medium" && aimsAtAwareness(r, evidenceOf(r))) {
      return "fairly sure: one clue, but the one that defines demand generation (the aim of making people aware)";
    }
    if (r.confidence === "medium" && heldBackByADispute(r)) { return "fairly sure: the clues agree, but the sources disagree about this tactic"; }
    if (r.confidence === "medium" && evidenceOf(r).length <= 1) {
      return "fairly sure: one clue, but one that decides (what happens to contact details, or a listed tactic)";
    }
    return CONFIDENCE_WORDS[r.confidence];
  }

  /* Whether only a source's dispute keeps a result from "high" (classify.py: held_back_by_a_dispute). */
  function heldBackByADispute(r) {
    var evidence = evidenceOf(r), verdict = r.classification;
    var agree = evidence.filter(function (e) { return e[1] === verdict; }).length;
    var against = evidence.some(function (e) { return e[1] !== verdict && e[1] in SIGN && verdict in SIGN; });
    return !!r.disputed && agree >= 2 && !against;
  }

  var LEAN_WORDS = { lead_generation: "lead gen", demand_generation: "demand gen", both: "both ways" };

  function signed(n) { return (n >= 0 ? "+" : "") + n; }

  /* One statement the score and the reasons never contradict (classify.py: headline). */
  function headline(doc, r) {
    var label = doc.labels[r.classification];
    if (r.off_topic && r.off_topic.length && r.confidence === "low") {
      return "A guess: " + label + ", though it reads like a task, not a tactic (" + quoted(r.off_topic) + ")";
    }
    if (r.tactic) {
      var text = label + (r.classified_by === "team" ? ", the team's reading" : ", by the sources");
      if (r.disputed) { text += " (disputed: " + disputedSaid(doc, r.views) + ")"; }
      if (r.rules_classification !== null && r.rules_classification !== r.classification) {
        text += "; the signals alone lean " + LEAN_WORDS[r.rules_classification] + " (" + signed(r.score) + ")";
      }
      return text;
    }
    if (r.decided_by === "capture") { return captureHeadline(doc, r); }
    if (r.confidence === "low") { return "A guess: " + label + ", from a single clue (" + signed(r.score) + ")"; }
    if (aimsAtAwareness(r, evidenceOf(r))) {
      return label + ": the aim is to make people aware (" + quoted(r.inferred.goal) + "), with nothing captured";
    }
    var said = label + ", by the signals (" + signed(r.score) + ")";
    if (r.disputed) { said += "; the tactic it is based on is disputed (" + disputedSaid(doc, r.views) + ")"; }
    return said;
  }

  /* "1 source says demand generation" (classify.py: disputed_said). */
  function disputedSaid(doc, views) {
    var counts = {}, order = [];
    views.forEach(function (v) {
      if (v.by === "glossary") { return; }
      if (!(v.classification in counts)) { counts[v.classification] = 0; order.push(v.classification); }
      counts[v.classification] += 1;
    });
    return order.map(function (c) {
      return counts[c] + (counts[c] === 1 ? " source says " : " sources say ") + doc.labels[c].toLowerCase();
    }).join(" and ");
  }

  function quoted(phrases) { return phrases.map(function (p) { return "'" + p + "'"; }).join(", "); }

  /* classify.py: capture_headline */
  function captureHeadline(doc, r) {
    var labels = doc.labels, present = r.capture.present, absent = r.capture.absent;
    if (r.parts) { /* a plan of two parts on purpose: it does not "depend", it does both */
      return labels.both + ": one part of the plan captures contact details (" + quoted(present) + "), another does not (" +
        quoted(absent) + ")";
    }
    if (r.depends) {
      return "It depends on whether you capture contact details: " + labels.lead_generation.toLowerCase() +
        " where you do (" + quoted(present) + "), " + labels.demand_generation.toLowerCase() +
        " where you do not (" + quoted(absent) + ")";
    }
    var label = labels[r.classification];
    if (present.length && r.classification === "both") {
      return label + ": contact details are captured (" + quoted(present) + ") beside an awareness or brand goal";
    }
    var aside = r.aside || [];
    present = present.filter(function (p) { return aside.indexOf(p) < 0; });
    absent = absent.filter(function (a) { return aside.indexOf(a) < 0; });
    var why = present.length ? "contact details are captured (" + quoted(present) + ")"
      : "contact details are not captured (" + quoted(absent) + ")";
    if (aside.length) { why += ", set against " + quoted(aside); }
    if (r.confidence === "low") { return "A guess: " + label + ", from a single clue: " + why; }
    return label + ": " + why;
  }

  function finish(doc, r) { r.headline = headline(doc, r); return r; }

  /* Names, words and keywords normalised once per document, not once per keystroke. */
  function prepare(doc) {
    if (doc._tacticPhrases) { return doc; }
    doc._tacticPhrases = [];
    doc.tactics.forEach(function (t, rank) {
      t._lower = t.name.toLowerCase();
      t._names = [t.name].concat(t.aliases).map(function (n) { var norm = normalize(n); return [n, norm, norm.split(" ")]; });
      [t.name].concat(t.aliases).forEach(function (n) { doc._tacticPhrases.push([phraseKey(n), [rank, "name", n]]); });
      (t.words || []).forEach(function (w) { doc._tacticPhrases.push([phraseKey(w), [rank, "word", w]]); });
    });
    doc._keywordPhrases = [];
    doc.questions.forEach(function (q) {
      q.answers.forEach(function (a) {
        a.keywords.forEach(function (k) { doc._keywordPhrases.push([phraseKey(k), [q.signal, a.value, k, a.opposite || null]]); });
      });
    });
    var reading = doc.reading || {}, capture = reading.capture || {};
    var words = function (c) { return normalize(c).split(" "); };
    var cues = (reading.negation || []).concat(reading.called_off || []);
    doc._negation = cues.map(words);
    doc._calledOff = (reading.called_off || []).map(words);
    doc._spelled = {};
    cues.forEach(function (c) { var key = normalize(c); if (!(key in doc._spelled)) { doc._spelled[key] = c; } });
    doc._contrast = (reading.contrast || []).map(words);
    var present = (capture.present || []).map(function (k) { return [phraseKey(k), ["present", k]]; });
    doc._capturePhrases = present.concat(absentPhrases(doc, capture.absent || [], present))
      .concat((capture.channels || []).map(function (k) { return [phraseKey(k), ["channel", k]]; }))
      .concat((capture.asked || []).map(function (k) { return [phraseKey(k), ["asked", k]]; }))
      .concat((capture.optional || []).map(function (k) { return [phraseKey(k), ["optional", k]]; }))
      .concat((capture.neutral || []).map(function (k) { return [phraseKey(k), ["neutral", k]]; }))
      .concat((capture.roles || []).map(function (k) { return [phraseKey(k), ["role", k]]; }))
      .concat((capture.training || []).map(function (k) { return [phraseKey(k), ["training", k]]; }));
    doc._offTopicPhrases = (reading.off_topic || []).map(function (k) { return [phraseKey(k), k]; });
    doc._assetPhrases = (capture.assets || []).map(function (k) { return [phraseKey(k), k]; });
    doc._words = {}; /* the word classes, by stem (words.py) */
    ["people", "reach", "requests", "undecided"].forEach(function (name) {
      doc._words[name] = ((reading.words || {})[name] || []).map(stemWord);
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
    this.input.addEventListener("input", function () { self.limit(); self.suggest(); });
    this.input.addEventListener("paste", function (event) { self.paste(event); });
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
    this.cut = false;
    this.input.value = hit.tactic.name;
    this.close();
    this.state = { tactic: hit.tactic.id, text: "", answers: {} };
    this.update();
  };

  /* A pasted paragraph keeps its line breaks as ";" (the box is one line; the browser would run them together). */
  Widget.prototype.paste = function (event) {
    var pasted = event.clipboardData && event.clipboardData.getData("text");
    if (!pasted || !/[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]/.test(pasted)) { return; }
    event.preventDefault();
    var input = this.input;
    input.setRangeText(oneLine(pasted), input.selectionStart, input.selectionEnd, "end");
    this.limit();
    this.suggest();
  };

  /* The box holds as many characters as the engines read, counted as they count them (code points). */
  Widget.prototype.limit = function () {
    var kept = firstCodePoints(this.input.value, this.doc.max_description);
    if (kept !== this.input.value) { this.input.value = kept; }
  };

  Widget.prototype.describe = function (text) {
    this.close();
    this.cut = false;
    if (!text.trim()) { /* the box emptied: the description goes, the reader's own answers stay */
      if (this.state.text || this.state.tactic) {
        var own = {}, answers = this.state.answers;
        Object.keys(answers).forEach(function (k) { if (answers[k] !== null) { own[k] = answers[k]; } });
        this.state = { tactic: null, text: "", answers: own };
        this.update();
      }
      return;
    }
    var result = classify(this.doc, text, {});
    /* A name typed whole becomes ?tactic=; a description stays one, so its recognised words stay shown. */
    var byName = result.tactic && result.recognised.length && !result.recognised[0].weight;
    this.state = byName ? { tactic: result.tactic, text: "", answers: {} } : { tactic: null, text: text, answers: {} };
    this.update();
  };

  /* A pressed answer (pressing the chosen one again clears it). With a description (no tactic picked), the description stays and the answer joins it, as
     `glossary classify "..." --signal value` does: what it says of contact details still decides, and the address
     a trainer copies holds both; pressing the answer again takes it back. Words typed but not yet classified are the
     description too. Without one, the answers shown (a tactic's, or those read before) become the reader's own. */
  Widget.prototype.answer = function (signal, value) {
    var s = this.state, typed = oneLine(this.input.value).trim(), picked = s.tactic ? this.tacticById(s.tactic) : null;
    var retyped = typed && typed !== (picked ? picked.name : oneLine(s.text).trim()); /* new words in the box */
    if ((!s.tactic && s.text) || retyped) {
      /* the same words keep the reader's answers; new words are a new description; an emptied box keeps the answers */
      var own = retyped ? {} : Object.assign({}, s.answers);
      Object.keys(own).forEach(function (k) { if (own[k] === null) { delete own[k]; } });
      if (own[signal] === value) { delete own[signal]; } else { own[signal] = value; }
      var text = retyped ? firstCodePoints(typed, this.doc.max_description) : typed ? s.text : "";
      this.state = { tactic: null, text: text, answers: own };
      this.update();
      return;
    }
    var chosen = this.result ? this.result.answers : {};
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
    if (tactic && !Object.keys(s.answers).length) { /* a tactic picked: its confidence as when its name is typed */
      var known = knownTacticResult(this.doc, tactic);
      known.confidence = confidenceOf(known);
      return finish(this.doc, known);
    }
    if (tactic) {
      var base = Object.assign({}, tactic.signals);
      Object.keys(s.answers).forEach(function (k) { if (s.answers[k] === null) { delete base[k]; } else { base[k] = s.answers[k]; } });
      var rules = score(this.doc, base);
      var variant = { tactic: null, based_on: tactic.id, variantOf: tactic, classification: rules.classification,
        disputed: false, score: rules.score, reasons: rules.reasons, answers: base, inferred: {}, views: [],
        rules_classification: rules.classification, recognised: [], also: [], unrecognised: [], confidence: "high" };
      variant.answered_against = leansAgainst(this.doc, answers, rules.classification); /* as classify.py's rules */
      if (variant.answered_against) { variant.confidence = "medium"; }
      return rules.classification === null ? variant : finish(this.doc, variant);
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
    this.root.setAttribute("data-confidence", this.result.confidence || "");
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
      var label = this.doc.labels[result.classification];
      var rest = result.headline.indexOf(label) === 0 ? result.headline.slice(label.length) : " \u00b7 " + result.headline;
      summary.appendChild(el("strong", {}, [label]));
      var sure = { high: "sure", medium: "fairly sure", low: "a guess" }[result.confidence];
      summary.appendChild(el("span", {}, [rest + (sure ? " \u00b7 " + sure : "") + " \u00b7 "]));
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

  /* One source per list item: an opened Quote toggle is a block, so a "; " after it began a line. */
  Widget.prototype.sourceList = function (sources) {
    var self = this, list = el("ul", { "class": "gc-source-list" });
    sources.forEach(function (source) {
      var items = [el("a", { href: self.href(source.url) }, [source.title])];
      if (source.locator) { items.push(" (" + source.locator + ")"); }
      if (source.quote) {
        items.push(" ", el("details", { "class": "glossary-quote" }, [el("summary", {}, ["Quote"]), el("q", {}, [source.quote])]));
      }
      list.appendChild(el("li", {}, items));
    });
    return list;
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
    if (this.cut && this.state && this.state.text) {
      out.appendChild(el("p", { "class": "gc-cut", role: "note" }, ["Only the first " +
        doc.max_description.toLocaleString("en") + " characters of the link\u2019s description are read."]));
    }
    if (!result.classification) {
      if (this.state && this.state.text) { out.appendChild(this.notUnderstood(result)); return; }
      out.appendChild(el("p", { "class": "gc-empty" }, ["Pick a tactic, describe one, or answer a question below."]));
      return;
    }
    var title = this.title(result), named = this.namedAgainst(result);
    var tactic = result.tactic ? this.tacticById(result.tactic) : null;
    var scoreText = tactic
      ? "Signals\u2019 score " + signed(result.score) + " (positive leans lead gen, negative demand gen); the sources\u2019 classification above stands."
      : result.decided_by === "capture" /* the score did not decide: saying "within ±1 is both" under a verdict contradicts it */
      ? "Signals\u2019 score " + signed(result.score) + " (positive leans lead gen, negative demand gen); what happens to contact details decided, not the score."
      : "Score " + signed(result.score) + " (positive leans lead gen, negative demand gen; within \u00b1" + doc.both_within + " is both)";
    out.appendChild(el("div", { "class": "gc-verdict gc-" + result.classification +
      (result.confidence === "low" ? " gc-guess" : "") }, [
      el("p", { "class": "gc-title" }, [title]),
      el("p", { "class": "gc-label" }, [doc.labels[result.classification]]),
      el("p", { "class": "gc-headline" }, [this.headlineRest(result)]),
      named ? el("p", { "class": "gc-named" }, ["It names " + named.name + ", listed as " +
        doc.labels[named.classification].toLowerCase() + "; what you say about contact details decides here."]) : null,
      result.confidence ? el("p", { "class": "gc-confidence" }, ["Confidence: " + confidenceWords(result)]) : null
    ]));
    /* The verdict, its reason and its confidence lead; what was read, the sources and the
     * signal-by-signal reasons are one click away (a result used to run to a screen and a half). */
    var more = el("details", { "class": "gc-more" }, [el("summary", {}, ["Sources and the signal-by-signal reasons"]),
      el("p", { "class": "gc-score" }, [scoreText])]);
    var heard = this.heard(result);
    if (heard) { more.appendChild(heard); }
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
    out.appendChild(more);
    out = more;
    var rationale = result.reasons.filter(function (r) { return r.kind === "rationale"; });
    var signals = result.reasons.filter(function (r) { return r.kind !== "rationale"; });
    if (rationale.length) {
      out.appendChild(el("h3", { "class": "gc-reasons-title" }, ["Why the sources say " + doc.labels[result.classification].toLowerCase()]));
      out.appendChild(this.reasonList(rationale, "Reasons"));
      if (signals.length) {
        var lean = result.rules_classification === result.classification ? "agree (" + signed(result.score) + ")"
          : "lean " + LEAN_WORDS[result.rules_classification] + " (" + signed(result.score) + ")";
        out.appendChild(el("h3", { "class": "gc-reasons-title" }, ["What the signals say: they " + lean]));
        out.appendChild(this.reasonList(signals, "Signals"));
      }
    } else {
      out.appendChild(this.reasonList(signals, "Reasons"));
    }
    if (tactic) {
      out.appendChild(el("p", {}, [el("a", { href: this.href(tactic.url) }, ["Read " + tactic.name + " on the tactics page"]),
        " \u00b7 change an answer below to explore a variant."]));
    }
  };

  /* The tactic a description names when what it says about contact details decides against that tactic's
   * row ("the ungated guide needs a work email"): null otherwise (describe.py: result_title). */
  Widget.prototype.namedAgainst = function (result) {
    var based = !result.tactic && result.based_on ? this.tacticById(result.based_on) : null;
    return based && result.decided_by === "capture" && based.classification !== result.classification ? based : null;
  };

  /* What a result is about; never a tactic's name alone above a verdict its row does not give. */
  Widget.prototype.title = function (result) {
    if (result.tactic) { return result.name; }
    if (result.variantOf) { return result.variantOf.name + ", with your answers"; }
    if (this.namedAgainst(result)) { return "What you describe"; }
    return result.based_on ? this.tacticById(result.based_on).name + ", as you describe it" : "Your tactic";
  };

  /* The headline continues the big label: "Lead generation" / "by the sources; the signals alone lean ...". */
  Widget.prototype.headlineRest = function (result) {
    var label = this.doc.labels[result.classification], text = result.headline;
    return text.indexOf(label) === 0 ? text.slice(label.length).replace(/^[,;:]?\s*/, "") : text;
  };

  Widget.prototype.reasonList = function (reasons, label) {
    var self = this, list = el("ol", { "class": "gc-reasons", "aria-label": label });
    reasons.forEach(function (reason) {
      var item = el("li", {});
      if (reason.kind === "capture") {
        item.appendChild(el("p", { "class": "gc-capture" }, [reason.text]));
        [["present", "Captured: "], ["absent", "Not captured: "]].forEach(function (side) {
          if (!reason[side[0]].length) { return; }
          item.appendChild(el("p", { "class": "gc-capture-" + side[0] }, [side[1]].concat([].concat.apply([],
            reason[side[0]].map(function (p, i) { return [i ? "; " : "", el("mark", {}, [p])]; })))));
        });
      } else if (reason.kind === "rationale") {
        var text = el("div", { "class": "gc-rationale" });
        if (reason.html) { text.innerHTML = reason.html; self.fixLinks(text); } else { text.textContent = reason.text; }
        item.appendChild(text);
      } else {
        item.appendChild(el("span", { "class": "gc-lean gc-" + reason.leans }, [
          LEANS[reason.leans] + (reason.weight ? " " + signed(reason.weight) : "")]));
        item.appendChild(el("span", {}, [" " + reason.question + " " + reason.label + ". " + reason.text]));
      }
      if (reason.sources.length) {
        item.appendChild(el("div", { "class": "gc-sources" }, [reason.sources.length > 1 ? "Sources:" : "Source:",
          self.sourceList(reason.sources)]));
      }
      if (reason.disputes && reason.disputes.length) {
        /* classify.py: disputed_by */
        item.appendChild(el("p", { "class": "gc-disputed" }, ["rule disputed by " + reason.disputes.map(function (d) {
          return d.source.title; }).join("; ")]));
      }
      if (reason.terms.length) { item.appendChild(el("p", { "class": "gc-terms" }, ["See: "].concat(self.termLinks(reason.terms)))); }
      list.appendChild(item);
    });
    return list;
  };

  /* What was read from a description: each recognised word and what it contributed, the
   * other tactics it resembles, and the words nobody recognised. */
  Widget.prototype.heard = function (result) {
    var self = this, doc = this.doc, items = [];
    var tactic = result.tactic ? this.tacticById(result.tactic) : result.based_on ? this.tacticById(result.based_on) : null;
    (result.recognised || []).forEach(function (w) {
      if (!w.weight) { return; }
      items.push(el("li", {}, [el("mark", {}, [w.typed]), " \u2192 " + tactic.name +
        (normalize(w.phrase) !== w.typed ? " (as \u201c" + w.phrase + "\u201d)" : "") + ", +" + w.weight + " for this tactic"]));
    });
    Object.keys(result.inferred || {}).forEach(function (signal) {
      var reason = result.reasons.filter(function (r) { return r.signal === signal; })[0];
      var effect = reason ? (reason.weight ? LEANS[reason.leans] + " " + signed(reason.weight) : "neither way") : "";
      items.push(el("li", {}, [].concat.apply([], result.inferred[signal].map(function (k, i) {
        return i ? [", ", el("mark", {}, [k])] : [el("mark", {}, [k])];
      })).concat([" \u2192 " + (reason ? reason.question + " " + reason.label : signal) + " (" + effect + ")"])));
    });
    var parts = [];
    if (items.length) {
      parts.push(el("p", {}, [el("strong", {}, ["Recognised in your words:"])]));
      parts.push(el("ul", { "class": "gc-heard-list" }, items));
    }
    if (result.also && result.also.length) {
      parts.push(el("p", { "class": "gc-also" }, ["Also looks like: "].concat([].concat.apply([], result.also.map(function (a, i) {
        return [i ? "; " : "", el("a", { href: "?tactic=" + encodeURIComponent(a.id) }, [a.name]),
          " (" + doc.labels[a.classification] + ", from \u201c" + a.words.map(function (w) { return w.typed; }).join("\u201d, \u201c") + "\u201d)"];
      })))));
    }
    if (result.unrecognised && result.unrecognised.length) {
      parts.push(el("p", { "class": "gc-unheard" }, ["Not recognised: " + shownWords(result.unrecognised) + "."]));
    }
    if (result.confidence === "low") {
      parts.push(el("p", { "class": "gc-note" }, ["Only one clue was found, so this is a guess: answer the questions below to be sure."]));
    }
    return parts.length ? el("div", { "class": "gc-heard" }, parts) : null;
  };

  /* At most twelve words for a message, and how many more (classify.py: shown_words). */
  function shownWords(words) {
    var more = words.length - 12;
    return words.slice(0, 12).join(", ") + (more > 0 ? " and " + more + " more" : "");
  }

  /* Nothing understood: say so, name the words, and offer the questions instead of silence. */
  Widget.prototype.notUnderstood = function (result) {
    var words = result.unrecognised || [];
    return el("div", { "class": "gc-not-understood", role: "status" }, [
      el("p", { "class": "gc-label" }, ["Not understood"]),
      (result.called_off || []).length
        ? el("p", {}, ["What it names is called off (" + result.called_off.map(function (c) { return "\u2018" + c + "\u2019"; }).join(", ") +
          "): a plan called off is no tactic being run. Describe what you run instead."])
        : null,
      el("p", {}, [words.length ? "No tactic or signal was recognised in: " + shownWords(words) + "."
        : (result.called_off || []).length ? "Nothing else was left to read." : "There was nothing to read in that description."]),
      el("p", {}, ["Name a channel (webinar, trade show, paid search, press release\u2026), say what it is for " +
        "(capture contacts, awareness) or whether it is gated, or ",
        el("a", { href: "#gc-questions-title" }, ["answer the questions below"]), "."])
    ]);
  };

  /* Rationale HTML links are relative to the site root; make them absolute for this page. */
  Widget.prototype.fixLinks = function (container) {
    var self = this;
    container.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!/^[a-z][a-z0-9+.-]*:|^#|^\//i.test(href)) { a.setAttribute("href", self.href(href)); }
    });
  };

  /* The state in the address, replacing the history entry. Parameters the widget does not own stay as they were (a
     trainer's ?utm_source=...); the address is built whole from the page's own, so a path such as "//classifier/"
     (a link joined with one slash too many) is not read as another host, which replaceState refuses. */
  Widget.prototype.saveUrl = function () {
    var url = new URL(window.location.href), params = url.searchParams, s = this.state;
    ["tactic", "describe", "q"].concat(this.doc.questions.map(function (q) { return q.signal; })).forEach(function (k) {
      params.delete(k);
    });
    if (s.tactic) { params.set("tactic", s.tactic); }
    if (s.text) { params.set("describe", s.text); }
    this.doc.questions.forEach(function (q) { /* in the questions' order, so an address reloaded reads the same */
      if (q.signal in s.answers) { params.set(q.signal, s.answers[q.signal] === null ? "" : s.answers[q.signal]); }
    });
    window.history.replaceState(window.history.state, "", url.href);
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
    var text = tactic ? "" : oneLine(params.get("describe") || params.get("q") || "");
    var kept = firstCodePoints(text, this.doc.max_description);
    this.cut = kept !== text; /* a link holding more than is read: the page says so, as the CLI refuses it */
    text = kept;
    if (params.has("q")) { closeSiteSearch(); }
    if (!tactic) { Object.keys(answers).forEach(function (k) { if (answers[k] === null) { delete answers[k]; } }); }
    this.state = { tactic: tactic, text: text, answers: answers };
    this.input.value = tactic ? this.tacticById(tactic).name : text;
    if (tactic || text || Object.keys(answers).length) { this.update(); } else { this.render({ classification: null }); }
    self.root.setAttribute("data-ready", "true");
  };

  /* Material opens its site search for ?q= in the address: an old classifier link is not a site search. */
  function closeSiteSearch() {
    var toggle = document.getElementById("__search");
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

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
    classify: classify, prepare: prepare, stemWord: stemWord };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
