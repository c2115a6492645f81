/* Material's search worker, wrapped so that a page comes first for its own name.
 *
 * overrides/main.html points the page's search config here, with Material's worker URL as
 * ?material=... (read from Material's own config, so its hash is never copied). This script adds its
 * message listener and wraps postMessage, then imports Material's worker: listeners of one event run
 * in the order they were added and share one event.data, so the query Material searches is the one
 * rewritten here in place, and Material's answer goes out through the wrapper. Three changes:
 *
 * 1. Each plain word W of the query becomes "W^10 W" (an exact W counting ten times, plus W as
 *    Material searches it, with a trailing *), and a plural also searches its singular ("MQLs" ->
 *    "mql^5"): Material's "lead*" also matches "leader", a rarer and so heavier word.
 * 2. A result page whose title or tag (a term's name, abbreviation or alias) is the query as typed
 *    (case, punctuation and plural aside) is moved first, in Material's order otherwise: a word in
 *    every page ("lead") weighs too little in lunr for any boost to win reliably.
 * 3. Material's "Missing: W" note is dropped for the singulars added in 1 and for a plural whose
 *    singular the page has.
 *
 * Queries with quotes or operators (+, -, field:, ^, ~, *) and messages or results of any other shape
 * pass unchanged: the worker then behaves exactly as Material's. It sits next to Material's worker so
 * that Material's relative URLs (../lunr/ for languages other than English) resolve the same.
 * One exception, before anything else: every query is bounded (``clamp``). lunr's fuzzy match
 * builds every spelling within the edit distance asked, so a link such as /?q=lead~1000 kept the
 * worker busy for minutes at "Initializing search"; edit distances above 2 and queries longer
 * than a long sentence are cut.
 */
(function (scope) {
  "use strict";

  /** Material's message types (src/.../integrations/search/worker/message): 0 setup, 2 query. */
  var SETUP = 0;
  var QUERY = 2;
  var RESULT = 3;
  /** How much more an exact word counts than the prefix Material searches; the singular of a plural. */
  var EXACT_BOOST = 10;
  var SINGULAR_BOOST = 5;
  /** The largest edit distance a query may ask lunr for ("lead~2"), and the longest query (characters). */
  var MAX_EDIT_DISTANCE = 2;
  var MAX_QUERY_LENGTH = 200;
  /** lunr's default separator, until the index's own arrives with the setup message. */
  var DEFAULT_SEPARATOR = /[\s\-]+/;
  /** A word of letters and digits only; Han characters are Material's segmenter's business. */
  var PLAIN_WORD = /^[\p{L}\p{N}]+$/u;
  var HAN = /\p{sc=Han}/u;

  /** The singular of an English plural as a search word, or null: "mqls" -> "mql",
   * "opportunities" -> "opportunity"; not "sales"-like words that merely end in s (ss, us, is). */
  function singular(word) {
    if (word.length < 4 || !/s$/.test(word) || /(ss|us|is)$/.test(word)) return null;
    if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + "y";
    return word.slice(0, -1);
  }

  /** The clauses for one plain word: exact (boosted), as typed (Material adds `*`), its singular. */
  function wordClauses(word) {
    var lower = word.toLowerCase();
    var clauses = [lower + "^" + EXACT_BOOST, lower];
    var one = singular(lower);
    if (one) clauses.push(one + "^" + SINGULAR_BOOST);
    return clauses;
  }

  /** One whitespace-separated part of the query: split into words as the index was (the site's
   * separator, which also drops short words like "per"), unless it carries an operator. */
  function rewritePart(part, separator) {
    if (/^[+-]|[:^~*]/.test(part) || HAN.test(part)) return [part];
    var words = part.split(separator).filter(function (word) {
      return word;
    });
    if (!words.every(function (word) {
      return PLAIN_WORD.test(word);
    })) return [part];
    return words.reduce(function (clauses, word) {
      return clauses.concat(wordClauses(word));
    }, []);
  }

  /** ``query`` with a bounded cost: at most MAX_QUERY_LENGTH characters, and each fuzzy clause
   * ("word~N") at most MAX_EDIT_DISTANCE edits, whatever a link or the box asks for. */
  function clamp(query) {
    if (typeof query !== "string") return query;
    return query.slice(0, MAX_QUERY_LENGTH).replace(/~(\d+)/g, function (all, distance) {
      return "~" + Math.min(parseInt(distance, 10), MAX_EDIT_DISTANCE);
    });
  }

  /** The query Material should search for ``query`` as typed; unchanged if it has quotes. */
  function rewrite(query, separator) {
    if (typeof query !== "string" || query.indexOf('"') !== -1 || !query.trim()) return query;
    var pattern = separator instanceof RegExp ? separator : DEFAULT_SEPARATOR;
    return query.trim().split(/\s+/).reduce(function (clauses, part) {
      return clauses.concat(rewritePart(part, pattern));
    }, []).join(" ");
  }

  /** The index's separator from a setup message, or null (then lunr's default is used). */
  function separatorOf(data) {
    try {
      return new RegExp(data.config.separator);
    } catch (error) {
      return null;
    }
  }

  /** The words of ``text`` in lower case, split as the index splits them (short words dropped). */
  function words(text, separator) {
    var pattern = separator instanceof RegExp ? separator : DEFAULT_SEPARATOR;
    return String(text).toLowerCase().split(/\s+/).reduce(function (all, part) {
      return all.concat(part.split(pattern));
    }, []).filter(function (word) {
      return word;
    });
  }

  /** A name or query as compared: its words, each in the singular. */
  function nameKey(text, separator) {
    return words(text, separator).map(function (word) {
      return singular(word) || word;
    }).join(" ");
  }

  /** Text of a result field as Material highlights it: tags (<mark>) gone, entities decoded. */
  function plain(html) {
    var entities = {amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'"};
    return String(html).replace(/<[^>]*>/g, "").replace(/&(amp|lt|gt|quot|#39|#x27);/g, function (all, name) {
      return entities[name];
    });
  }

  /** Whether a result group (a page and its sections) is the page named ``key``: its title or
   * one of its tags (a term page's name, abbreviation and aliases) is the query as typed. */
  function isNamed(group, key, separator) {
    var page = group.filter(function (item) {
      return item && typeof item.location === "string" && item.location.indexOf("#") === -1;
    })[0];
    if (!page) return false;
    var names = [page.title].concat(Array.isArray(page.tags) ? page.tags : []);
    return names.some(function (name) {
      return typeof name === "string" && nameKey(plain(name), separator) === key;
    });
  }

  /** Whether ``items`` are Material 9's result groups (a list of lists) for a plain query (one
   * ``rewrite`` rewrote: no quotes, no operators), the only results this worker changes. */
  function ours(items, query) {
    return Array.isArray(items) && items.every(Array.isArray) && typeof query === "string" &&
      query.indexOf('"') === -1 && !/(^|\s)[+-]|[:^~*]/.test(query);
  }

  /** Material's result groups with the pages named exactly ``query`` first, otherwise in
   * Material's order; ``items`` itself if they are not ``ours``. */
  function rerank(items, query, separator) {
    if (!ours(items, query)) return items;
    var key = nameKey(query, separator);
    if (!key) return items;
    var named = items.filter(function (group) {
      return isNamed(group, key, separator);
    });
    return named.length ? named.concat(items.filter(function (group) {
      return named.indexOf(group) === -1;
    })) : items;
  }

  /** Material's "Missing: word" notes on ``items`` (in place), without the words it did not type
   * (the singulars added by ``rewrite``) and without a plural whose singular the page has: the MQL
   * page, found for "MQLs", is not missing anything. */
  function tidyMissing(items, query, separator) {
    if (!ours(items, query)) return;
    var typed = words(query, separator);
    items.forEach(function (group) {
      group.forEach(function (item) {
        var terms = item && item.terms;
        if (!terms || typeof terms !== "object") return;
        Object.keys(terms).forEach(function (word) {
          var one = singular(word);
          if (terms[word] === false && (typed.indexOf(word) === -1 || (one && terms[one] === true)))
            delete terms[word];
        });
      });
    });
  }

  /** Rewrites a query message in place (remembering the query as typed); any other message is
   * left as it is. */
  function makeListener(state) {
    return function (event) {
      var message = event.data;
      if (!message || typeof message !== "object") return;
      if (message.type === SETUP && message.data) state.separator = separatorOf(message.data);
      if (message.type === QUERY && typeof message.data === "string") {
        state.query = clamp(message.data);
        message.data = rewrite(state.query, state.separator);
      }
    };
  }

  /** ``post`` (the worker's postMessage) with Material's results for the last query tidied and
   * reordered: Material answers each query before the next message is handled. */
  function makePost(post, state) {
    return function (message, transfer) {
      if (message && message.type === RESULT && message.data && state.query !== null) {
        tidyMissing(message.data.items, state.query, state.separator);
        var items = rerank(message.data.items, state.query, state.separator);
        if (items !== message.data.items)
          message = {type: RESULT, data: Object.assign({}, message.data, {items: items})};
      }
      return transfer === undefined ? post(message) : post(message, transfer);
    };
  }

  /** Material's worker URL from our own ?material=..., only if it is a script of this site. */
  function materialWorker(location) {
    var value = new URL(location).searchParams.get("material");
    if (!value) return null;
    var url = new URL(value, location);
    var here = new URL(location);
    return url.origin === here.origin && /\.js$/.test(url.pathname) ? url.href : null;
  }

  var api = {
    clamp: clamp, rewrite: rewrite, rerank: rerank, tidyMissing: tidyMissing, singular: singular,
    makeListener: makeListener, makePost: makePost, materialWorker: materialWorker
  };
  if (typeof module === "object" && module.exports) module.exports = api;

  if (typeof scope.importScripts === "function" && typeof scope.addEventListener === "function") {
    var worker = materialWorker(scope.location.href);
    if (worker) {
      var state = {separator: null, query: null};
      scope.addEventListener("message", makeListener(state));
      scope.postMessage = makePost(scope.postMessage.bind(scope), state);
      scope.importScripts(worker);
    }
  }
})(typeof self !== "undefined" ? self : this);
