/* The site's search, answering Material's search box in place of Material's worker.
 *
 * Material's worker (lunr) needs the whole index before the first result: 2.2 MB compressed at
 * 10,000 terms. This one reads the index the generator splits into small files
 * (generator/site/search_shards.py, under search/glossary/): a manifest at setup, then per query only
 * the shards of the words typed and the display files of the results shown. overrides/main.html
 * points Material's search config here, with the manifest's address as ?index=... and Material's
 * worker as ?material=...; Material's own index (search/search_index.json) holds no page, so it costs
 * nothing. A site without our index (built by Zensical, which searches its own way) gets the engine's
 * worker, imported here and handed every message (``serve``).
 *
 * It speaks Material's worker protocol (0 setup -> 1 ready, 2 query -> 3 result: groups of
 * {location, title, text, tags, score, terms}), so Material's search box, suggestions, "Missing:"
 * notes and highlighting work unchanged. Ranking (README "How search ranks"):
 *
 * 1. A query is split into words as the index was (``words``: letters and digits, lower case,
 *    apostrophes dropped, short words such as "per" left out). Each word matches the same word
 *    (weight 1), its singular for a plural ("MQLs" -> "mql", 0.9) and longer words it starts
 *    ("prosp" -> "prospect", 0.6 x the share typed): the box searches as the reader types.
 * 2. A page scores the sum over the words typed of its best match: the word's rarity (BM25's idf)
 *    x its weight on the page (a page's names count most; terms before tactics before playbooks),
 *    x (1 + the share of the words it has, squared).
 * 3. The pages named as typed come first (a term's name, abbreviation, alias or plural; a tactic's
 *    names; a playbook's title; case, punctuation, short words and plurals aside): "mql" lists the
 *    MQL page first, whatever else mentions MQL.
 *
 * Every query is bounded: at most MAX_QUERY_LENGTH characters and MAX_WORDS words, and a word
 * shorter than a shard's key expands into at most MAX_PREFIX_SHARDS more shards. Quotes and lunr's
 * operators (+ - ^ ~ * field:) are read as the words around them.
 */
(function (scope) {
  "use strict";

  var SETUP = 0;
  var READY = 1;
  var QUERY = 2;
  var RESULT = 3;
  /** Results listed for one query, the best first (Material shows 10, more on scrolling): each
   * needs its display file, so a query costs at most this many small requests. */
  var MAX_RESULTS = 20;
  var MAX_QUERY_LENGTH = 200;
  var MAX_WORDS = 10;
  var MAX_PREFIX_SHARDS = 4;
  /** What a match counts: the word typed, the singular of a plural typed, a longer word. */
  var EXACT = 1;
  var SINGULAR = 0.9;
  var PREFIX = 0.6;

  var WORD = /[\p{L}\p{N}]+/gu;
  var APOSTROPHES = /['\u2019]/g;

  /** The words of ``text`` as the index holds them (search_shards.py ``words``). */
  function words(text, stop) {
    var found = String(text).normalize("NFC").toLowerCase().replace(APOSTROPHES, "").match(WORD) || [];
    return found.filter(function (word) {
      return !stop.has(word);
    });
  }

  /** The singular of an English plural word, or null (search_shards.py ``singular``). */
  function singular(word) {
    if (word.length < 4 || !/s$/.test(word) || /(ss|us|is)$/.test(word)) return null;
    if (/[^aeiou]ies$/.test(word)) return word.slice(0, -3) + "y";
    return word.slice(0, -1);
  }

  /** A name or query as names are filed: its words, each in the singular. */
  function nameKey(text, stop) {
    return words(text, stop).map(function (word) {
      return singular(word) || word;
    }).join(" ");
  }

  /** A shard key as its file name: itself if plain ASCII letters and digits, else "x" + UTF-8 hex. */
  function fileKey(key) {
    if (/^[a-z0-9]+$/.test(key)) return key;
    return "_" + Array.prototype.map.call(new TextEncoder().encode(key), function (byte) {
      return (byte < 16 ? "0" : "") + byte.toString(16);
    }).join("");
  }

  /** The longest of ``keys`` that ``entry`` starts with, or null. */
  function shardKey(entry, keys) {
    var best = null;
    keys.forEach(function (key) {
      if (entry.lastIndexOf(key, 0) === 0 && (best === null || key.length > best.length)) best = key;
    });
    return best;
  }

  /** The shard keys a query word needs: its own shard, and for a word shorter than the keys
   * under it the longer keys it starts with (none if there are more than MAX_PREFIX_SHARDS). */
  function keysFor(word, keys) {
    var found = [];
    var own = shardKey(word, keys);
    if (own !== null) found.push(own);
    var longer = keys.filter(function (key) {
      return key.length > word.length && key.lastIndexOf(word, 0) === 0;
    });
    if (longer.length <= MAX_PREFIX_SHARDS) found = found.concat(longer);
    return found;
  }

  /** Postings [gap, weight, gap, weight...] as [[page, weight]...]. */
  function decode(flat) {
    var pairs = [];
    var page = 0;
    for (var i = 0; i + 1 < flat.length; i += 2) {
      page += flat[i];
      pairs.push([page, flat[i + 1]]);
    }
    return pairs;
  }

  /** How rare a word is: BM25's idf over ``total`` pages (search_shards.py ``idf``). */
  function idf(df, total) {
    return Math.log(1 + (total - df + 0.5) / (df + 0.5));
  }

  /** The index words a typed ``word`` matches in ``shards`` (merged {word: postings}), each with
   * what the match counts (EXACT, SINGULAR, PREFIX scaled by the share of the word typed). */
  function matches(word, postings) {
    var found = Object.create(null);
    var one = singular(word);
    Object.keys(postings).forEach(function (candidate) {
      var factor = 0;
      if (candidate === word) factor = EXACT;
      else if (one !== null && candidate === one) factor = SINGULAR;
      else if (word.length >= 2 && candidate.lastIndexOf(word, 0) === 0)
        factor = PREFIX * word.length / candidate.length;
      if (factor > 0) found[candidate] = factor;
    });
    return found;
  }

  /** The ranked pages for ``typed`` words: [{page, score, has: {word: true}}], the pages in
   * ``named`` first (most score first in both parts, then in page order). */
  function rank(typed, postings, named, total) {
    var pages = new Map();
    typed.forEach(function (word) {
      var best = new Map();
      var found = matches(word, postings);
      Object.keys(found).forEach(function (candidate) {
        var pairs = decode(postings[candidate]);
        var weight = found[candidate] * idf(pairs.length, total);
        pairs.forEach(function (pair) {
          var score = weight * pair[1];
          if (!best.has(pair[0]) || best.get(pair[0]) < score) best.set(pair[0], score);
        });
      });
      best.forEach(function (score, page) {
        var entry = pages.get(page) || {page: page, score: 0, has: {}};
        entry.score += score;
        entry.has[word] = true;
        pages.set(page, entry);
      });
    });
    var first = new Set(named || []);
    var ranked = Array.from(pages.values());
    ranked.forEach(function (entry) {
      var share = Object.keys(entry.has).length / typed.length;
      entry.score *= 1 + share * share;
    });
    ranked.sort(function (a, b) {
      var named = +first.has(b.page) - +first.has(a.page);
      return named || b.score - a.score || a.page - b.page;
    });
    return ranked;
  }

  var ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"};

  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return ESCAPES[c];
    });
  }

  /** ``text`` as HTML, escaped, each word starting with a typed word (or its singular) in <mark>. */
  function highlight(text, typed) {
    var stems = [];
    typed.forEach(function (word) {
      stems.push(word);
      var one = singular(word);
      if (one) stems.push(one);
    });
    var out = "";
    var last = 0;
    String(text).replace(/[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu, function (token, offset) {
      var plain = token.normalize("NFC").toLowerCase().replace(APOSTROPHES, "");
      var hit = stems.some(function (stem) {
        return plain.lastIndexOf(stem, 0) === 0;
      });
      if (hit) {
        out += escape(text.slice(last, offset)) + "<mark>" + escape(token) + "</mark>";
        last = offset + token.length;
      }
      return token;
    });
    return out + escape(String(text).slice(last));
  }

  /** ``query`` with a bounded cost: its first MAX_QUERY_LENGTH characters. */
  function clamp(query) {
    return typeof query === "string" ? query.slice(0, MAX_QUERY_LENGTH) : "";
  }

  /** The index at ``base`` (the manifest's URL): ``load(url)`` fetches JSON, resolving null on
   * failure. Shards and display files are fetched once each; a failed one is tried again later. */
  function Index(manifest, base, load) {
    this.manifest = manifest;
    this.base = base;
    this.load = load;
    this.stop = new Set(manifest.stop || []);
    this.keys = manifest.shards || [];
    this.files = new Map();
  }

  Index.prototype.file = function (path) {
    var self = this;
    var url = new URL(path + "?v=" + encodeURIComponent(self.manifest.hash || ""), self.base).href;
    if (!self.files.has(url)) {
      self.files.set(url, self.load(url).then(function (data) {
        if (data === null) self.files.delete(url);
        return data;
      }));
    }
    return self.files.get(url);
  };

  Index.prototype.shards = function (keys) {
    var self = this;
    return Promise.all(keys.map(function (key) {
      return self.file("w/" + fileKey(key) + ".json");
    })).then(function (shards) {
      // no prototype: a typed "constructor" or "__proto__" is a word like any other, not Object's own
      var postings = Object.create(null);
      var names = Object.create(null);
      shards.forEach(function (shard) {
        if (!shard) return;
        Object.assign(postings, shard.w || {});
        Object.assign(names, shard.n || {});
      });
      return {postings: postings, names: names};
    });
  };

  Index.prototype.rows = function (pages) {
    var self = this;
    var size = self.manifest.chunk || 1;
    var chunks = Array.from(new Set(pages.map(function (page) {
      return Math.floor(page / size);
    })));
    return Promise.all(chunks.map(function (chunk) {
      return self.file("d/" + chunk + ".json");
    })).then(function (files) {
      var rows = new Map();
      files.forEach(function (file, i) {
        (file || []).forEach(function (row, j) {
          rows.set(chunks[i] * size + j, row);
        });
      });
      return rows;
    });
  };

  /** Material's result for ``query``: {items: [[page]...]} and, with ``suggest``, the completion
   * of the last word typed. */
  Index.prototype.search = function (query, suggest) {
    var self = this;
    var typed = Array.from(new Set(words(clamp(query), self.stop))).slice(0, MAX_WORDS);
    if (!typed.length) return Promise.resolve(suggest ? {items: [], suggest: []} : {items: []});
    var key = typed.map(function (word) {
      return singular(word) || word;
    }).join(" ");
    var needed = new Set();
    typed.forEach(function (word) {
      keysFor(word, self.keys).forEach(function (k) { needed.add(k); });
      var one = singular(word);
      if (one) keysFor(one, self.keys).slice(0, 1).forEach(function (k) { needed.add(k); });
    });
    var own = shardKey(key, self.keys);
    if (own !== null) needed.add(own);
    return self.shards(Array.from(needed)).then(function (index) {
      var ranked = rank(typed, index.postings, index.names[key], self.manifest.docs || 1).slice(0, MAX_RESULTS);
      return self.rows(ranked.map(function (entry) { return entry.page; })).then(function (rows) {
        var items = [];
        ranked.forEach(function (entry) {
          var row = rows.get(entry.page);
          if (!row) return;
          var terms = Object.create(null);
          typed.forEach(function (word) { terms[word] = !!entry.has[word]; });
          items.push([{
            location: row[0],
            title: highlight(row[1], typed),
            text: highlight(row[2], typed),
            tags: (row[3] || []).map(function (tag) { return highlight(tag, typed); }),
            score: entry.score,
            terms: terms
          }]);
        });
        var result = {items: items};
        if (suggest) result.suggest = completion(typed, rows.get(ranked.length ? ranked[0].page : -1), self.stop);
        return result;
      });
    });
  };

  /** Material's suggestion: the word of the first result's title or names that completes the
   * last word typed (Material completes the box with the last entry). */
  function completion(typed, row, stop) {
    if (!row) return [];
    var last = typed[typed.length - 1];
    var candidates = words([row[1]].concat(row[3] || []).join(" "), stop);
    var found = candidates.filter(function (word) {
      return word.length > last.length && word.lastIndexOf(last, 0) === 0;
    })[0];
    return found ? [found] : [];
  }

  /** The manifest's URL from our own ?index=..., only if it is a JSON file of this site. */
  function manifestUrl(location) {
    return sameSite(location, "index", /\.json$/);
  }

  /** The engine's own worker from our ?material=..., only if it is a script of this site. */
  function engineWorker(location) {
    return sameSite(location, "material", /\.js$/);
  }

  /** The URL in parameter ``name`` of ``location``, resolved, if it is of the same origin and its
   * path matches ``pattern``; else null. */
  function sameSite(location, name, pattern) {
    var here = new URL(location);
    var value = here.searchParams.get(name);
    if (!value) return null;
    var url = new URL(value, here);
    return url.origin === here.origin && pattern.test(url.pathname) ? url.href : null;
  }

  /** JSON at ``url``, or null when it cannot be had. */
  function loadJSON(url, init) {
    return fetch(url, init).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () {
      return null;
    });
  }

  /** The worker in ``scope``: it reads the manifest at once and holds the messages meanwhile. With an
   * index, setup is answered "ready" and each query with its results, unless a newer query came
   * meanwhile (Material shows the last answer it gets). Without one (a site built by an engine with
   * a search of its own, such as Zensical, or without our index), the engine's worker (?material=)
   * takes over: it is imported and given the messages held, in order, and every later one. */
  function serve(scope, location, load) {
    var url = manifestUrl(location);
    var state = {index: null, suggest: false, latest: 0, held: [], decided: false};

    function answer(message) {
      if (!message || typeof message !== "object") return;
      if (message.type === SETUP) {
        state.suggest = !!(message.data && message.data.options && message.data.options.suggest);
        scope.postMessage({type: READY});
      } else if (message.type === QUERY) {
        var id = ++state.latest;
        var search = state.index ? state.index.search(message.data, state.suggest) : Promise.resolve({items: []});
        search.catch(function (error) {
          console.warn("Search failed:", error);
          return {items: []};
        }).then(function (data) {
          if (id === state.latest) scope.postMessage({type: RESULT, data: data});
        });
      }
    }

    function listener(event) {
      if (state.decided) answer(event.data);
      else state.held.push(event.data);
    }

    scope.addEventListener("message", listener);
    (url ? load(url, {cache: "no-cache"}) : Promise.resolve(null)).then(function (manifest) {
      var engine = engineWorker(location);
      if (manifest && Array.isArray(manifest.shards)) {
        state.index = new Index(manifest, url, load);
      } else if (engine) {
        scope.removeEventListener("message", listener);
        scope.importScripts(engine);
        state.held.forEach(function (data) {
          scope.dispatchEvent(new MessageEvent("message", {data: data}));
        });
        return;
      }
      state.decided = true;
      state.held.forEach(answer);
    });
  }

  var api = {
    words: words, singular: singular, nameKey: nameKey, fileKey: fileKey, shardKey: shardKey,
    keysFor: keysFor, decode: decode, idf: idf, matches: matches, rank: rank, highlight: highlight,
    clamp: clamp, Index: Index, manifestUrl: manifestUrl, engineWorker: engineWorker, serve: serve,
    completion: completion
  };
  if (typeof module === "object" && module.exports) module.exports = api;

  if (typeof scope.importScripts === "function" && typeof scope.addEventListener === "function")
    serve(scope, scope.location.href, loadJSON);
})(typeof self !== "undefined" ? self : this);
