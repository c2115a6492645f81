/* gtm-glossary embed: hover and focus cards for glossary terms on any page.
 *
 *   <script src="https://YOUR-GLOSSARY/embed.js" defer></script>
 *   <a href="https://YOUR-GLOSSARY/glossary/marketing-qualified-lead/">MQL</a>
 *   <span data-glossary="MQL">MQL</span>          (an id, name, alias or abbreviation)
 *
 * Loads, from the site the script came from, only the data of the terms the page names: each
 * name's slug lies in one shard, embed-data/<n>.js (generator/site/embed_data.py), a script
 * calling window.gtmGlossaryEmbedShard(data). A script tag needs no CORS header, so no host logs
 * an error, with or without one, and it works from a page opened from disk. Links to term pages,
 * alias pages and elements with data-glossary show a card with the term's status (deprecated,
 * draft), summary and a link that opens a new tab (an LMS frame stays put) on hover and on
 * keyboard focus; Escape hides it. A data-glossary element of its own is a link (role=link):
 * Enter or a click opens the term's page in a new tab. On a touch screen the first tap on a term
 * shows its card, a second tap follows the link, a tap elsewhere hides the card. The status and
 * summary reach screen readers as the trigger's description (aria-describedby to a hidden element
 * in the page itself: ids do not cross into a shadow root). Terms added later are found by a
 * MutationObserver; window.glossaryEmbed.scan(root) looks into what it cannot see (a shadow root).
 * No dependencies. A name the glossary does not know is warned about once in the console, with the
 * closest name (embed-data/names-<c>.js, loaded only then); if the data cannot be loaded, the
 * console says so once and the page is left exactly as it was (if this script cannot be, so is it). Cards live in a shadow root, so the
 * page's CSS and ours never mix.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src || window.__gtmGlossaryEmbed) { return; }
  window.__gtmGlossaryEmbed = true;
  var base = new URL(".", script.src);
  var HIDE_DELAY = 200;
  var GAP = 6, MARGIN = 8, MIN_WIDTH = 260, MAX_WIDTH = 340;
  var DESCRIPTION_ID = "gtm-glossary-description";
  /* The number of files in embed-data/: set by the build (embed_data.py); each file repeats it. */
  var SHARDS = 1;
  var DATA = "embed-data/";
  var CUTOFF = 0.6;  /* how close a name must be to be suggested: generator/core/text.py closest() */

  /* generator/core/text.py slugify: what an alias's URL and a data-glossary value are matched by. */
  function slugify(text) {
    return String(text).normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase()
      .replace(/['\u2019]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  /* generator/site/embed_data.py shard_of: FNV-1a (32 bits) of the slug, modulo the number of shards. */
  function shardOf(slug, shards) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < slug.length; i++) { hash = Math.imul(hash ^ slug.charCodeAt(i), 0x01000193) >>> 0; }
    return hash % shards;
  }

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /* The slug a link asks for: <base>glossary/<slug>/ (a term page or one of its redirect pages), or null. */
  function slugOfLink(anchor) {
    var url;
    try { url = new URL(anchor.getAttribute("href"), document.baseURI); } catch (e) { return null; }
    if (url.origin !== base.origin || url.pathname.indexOf(base.pathname + "glossary/") !== 0) { return null; }
    var slug = url.pathname.slice((base.pathname + "glossary/").length).replace(/\/(index\.html)?$/, "");
    return slug && slug.indexOf("/") < 0 ? slug : null;
  }

  /* What an element asks a card for: {element, slug, said} ("said": how the page names it, for a warning). */
  function wanted(element) {
    if (element.hasAttribute("data-glossary")) {
      var value = element.getAttribute("data-glossary");
      return { element: element, slug: slugify(value), said: "data-glossary=\"" + value + "\"" };
    }
    var slug = element.tagName === "A" && element.hasAttribute("href") ? slugOfLink(element) : null;
    return slug ? { element: element, slug: slug, said: "a link to " + element.href } : null;
  }

  /* difflib.SequenceMatcher(None, a, b).ratio() with b the name asked for, as Python's
     get_close_matches computes it (no junk: names are far shorter than its 200-character threshold). */
  function similarity(a, b, positions) {
    var matched = 0, queue = [[0, a.length, 0, b.length]];
    while (queue.length) {
      var range = queue.pop(), alo = range[0], ahi = range[1], blo = range[2], bhi = range[3];
      var besti = alo, bestj = blo, best = 0, lengths = {};
      for (var i = alo; i < ahi; i++) {
        var next = {}, js = own(positions, a[i]) ? positions[a[i]] : [];
        for (var x = 0; x < js.length; x++) {
          var j = js[x];
          if (j < blo) { continue; }
          if (j >= bhi) { break; }
          var k = next[j] = (lengths[j - 1] || 0) + 1;
          if (k > best) { besti = i - k + 1; bestj = j - k + 1; best = k; }
        }
        lengths = next;
      }
      if (best) {
        matched += best;
        if (alo < besti && blo < bestj) { queue.push([alo, besti, blo, bestj]); }
        if (besti + best < ahi && bestj + best < bhi) { queue.push([besti + best, ahi, bestj + best, bhi]); }
      }
    }
    return a.length + b.length ? 2 * matched / (a.length + b.length) : 1;
  }

  /* The name closest to slug among a names-<c>.js's, as `glossary link --check` finds it among all
     names: [slug, term name] or null. */
  function closest(slug, data) {
    var positions = {}, best = null, bestScore = 0;
    for (var j = 0; j < slug.length; j++) { (positions[slug[j]] = positions[slug[j]] || []).push(j); }
    data.terms.forEach(function (row) {
      for (var n = 0; n < row.length; n++) {
        if (n < 2) { continue; }  /* row: [id, name, its slugs that start with c...] */
        var score = similarity(row[n], slug, positions);
        if (score >= CUTOFF && (!best || score > bestScore || (score === bestScore && row[n] > best[0]))) {
          bestScore = score;
          best = [row[n], row[1]];
        }
      }
    });
    return best;
  }

  /* A term that is not (or no longer) agreed says so: the iframe card's words (embed.html.j2). */
  function statusLine(term) {
    if (term.status === "deprecated") {
      return "Deprecated" + (term.superseded_by ? ": use " + term.superseded_by + " instead." : ".");
    }
    return term.status === "draft" ? "Draft: not yet agreed." : "";
  }

  function Cards() {
    this.host = document.createElement("div");
    this.host.setAttribute("data-gtm-glossary", "");
    this.host.style.cssText = "position:absolute;top:0;left:0;width:0;height:0;z-index:2147483647;";
    var root = this.host.attachShadow ? this.host.attachShadow({ mode: "open" }) : this.host;
    /* :host{all:initial}: nothing the page sets (font, colour, spacing) is inherited into the card.
       The card is position:fixed with its own width: inside a zero-width host it would shrink to
       its longest word. Width and place are set by place(). */
    root.innerHTML = "<style>:host{all:initial}" +
      ".card{position:fixed;top:0;left:0;box-sizing:border-box;width:max-content;min-width:260px;max-width:340px;" +
      "padding:.7rem .85rem;border:1px solid #d0d7de;border-radius:6px;background:#fff;color:#1f2328;" +
      "box-shadow:0 4px 14px rgba(0,0,0,.18);font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;" +
      "text-align:left;overflow-wrap:anywhere;overflow:auto}" +
      ".card[hidden]{display:none}.name{font-weight:700;margin:0 0 .25rem}.abbr{color:#57606a;font-weight:400}" +
      ".status{margin:0 0 .25rem;color:#57606a;font-size:13px}.status[hidden]{display:none}" +
      ".summary{margin:0 0 .4rem}a{color:#0b57d0;text-decoration:underline}a:focus-visible{outline:2px solid #0b57d0}" +
      "@media (prefers-color-scheme:dark){.card{background:#161b22;color:#e6edf3;border-color:#30363d}" +
      ".abbr,.status{color:#9ea7b3}a{color:#8ab4f8}a:focus-visible{outline-color:#8ab4f8}}</style>" +
      "<div class='card' role='tooltip' hidden><p class='name'></p><p class='status' hidden></p>" +
      "<p class='summary'></p><a class='more' target='_blank' rel='noopener'>Read the full definition</a></div>";
    this.card = root.querySelector(".card");
    /* What a screen reader is told: in the page's own DOM, where aria-describedby can reach it. */
    this.description = document.createElement("span");
    this.description.id = DESCRIPTION_ID;
    this.description.hidden = true;
    this.timer = null;
    this.trigger = null;
    this.tapped = null;  /* the trigger a touch is on, and whether its card was already open */
    document.body.appendChild(this.host);
    document.body.appendChild(this.description);
    /* A hint that a data-glossary element has a card; :where() keeps it easy for the page to override. */
    var hint = document.createElement("style");
    hint.textContent = ":where([data-glossary][data-glossary-ready]){text-decoration:underline dotted;" +
      "text-decoration-thickness:1px;text-underline-offset:.2em;cursor:pointer}";
    document.head.appendChild(hint);
    var self = this;
    this.card.addEventListener("mouseenter", function () { clearTimeout(self.timer); });
    this.card.addEventListener("mouseleave", function () { self.hideSoon(); });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") { self.hide(); } });
    /* A touch outside the trigger and the card hides the card. */
    document.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" || self.card.hidden) { return; }
      var target = event.target;
      if (target === self.host || (self.trigger && self.trigger.contains(target))) { return; }
      self.hide();
    }, true);
    function follow() { if (!self.card.hidden) { self.place(); } }
    window.addEventListener("scroll", follow, { passive: true, capture: true });
    window.addEventListener("resize", follow, { passive: true });
  }

  Cards.prototype.show = function (element, term) {
    clearTimeout(this.timer);
    var name = this.card.querySelector(".name");
    name.textContent = term.term;
    if (term.abbreviation) {
      var abbr = document.createElement("span");
      abbr.className = "abbr";
      abbr.textContent = " (" + term.abbreviation + ")";
      name.appendChild(abbr);
    }
    var status = statusLine(term), line = this.card.querySelector(".status");
    line.textContent = status;
    line.hidden = !status;
    this.card.querySelector(".summary").textContent = term.summary || "";
    this.card.querySelector(".more").setAttribute("href", new URL(term.path, base).href);
    this.card.hidden = false;
    if (this.trigger && this.trigger !== element) { this.release(); }
    if (this.trigger !== element) {
      this.trigger = element;
      this.ownDescription = element.getAttribute("aria-describedby");
      element.setAttribute("aria-describedby", (this.ownDescription ? this.ownDescription + " " : "") + DESCRIPTION_ID);
    }
    this.description.textContent = (status ? status + " " : "") + (term.summary || term.term);
    this.place();
  };

  /* Below the trigger, or above it when there is no room below; shifted sideways to stay inside the viewport. */
  Cards.prototype.place = function () {
    if (!this.trigger) { return; }
    var viewport = document.documentElement, vw = viewport.clientWidth, vh = viewport.clientHeight;
    var room = Math.max(0, vw - 2 * MARGIN), style = this.card.style;
    style.minWidth = Math.min(MIN_WIDTH, room) + "px";
    style.maxWidth = Math.min(MAX_WIDTH, room) + "px";
    style.maxHeight = Math.max(0, vh - 2 * MARGIN) + "px";
    var box = this.trigger.getBoundingClientRect(), width = this.card.offsetWidth, height = this.card.offsetHeight;
    var left = Math.max(MARGIN, Math.min(box.left, vw - width - MARGIN));
    var top = box.bottom + GAP;
    if (top + height > vh - MARGIN && box.top - GAP - height >= MARGIN) { top = box.top - GAP - height; }
    top = Math.max(MARGIN, Math.min(top, vh - height - MARGIN));
    style.left = left + "px";
    style.top = top + "px";
  };

  /* The trigger's aria-describedby as the page had it. */
  Cards.prototype.release = function () {
    var element = this.trigger;
    if (!element) { return; }
    if (this.ownDescription) { element.setAttribute("aria-describedby", this.ownDescription); }
    else { element.removeAttribute("aria-describedby"); }
    this.trigger = null;
  };

  Cards.prototype.hideSoon = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.hide(); }, HIDE_DELAY);
  };

  Cards.prototype.hide = function () {
    clearTimeout(this.timer);
    this.card.hidden = true;
    this.release();
  };

  /* The term's page in a new tab, as the card's link opens it: in an LMS frame the course stays. */
  function openPage(term) {
    window.open(new URL(term.path, base).href, "_blank", "noopener");
  }

  Cards.prototype.attach = function (element, term) {
    var self = this;
    if (element.hasAttribute("data-glossary-ready")) { return; }
    element.setAttribute("data-glossary-ready", term.id);
    /* A data-glossary element of its own (not in a link or a control, no role given) becomes a link
       to the term's page: Tab reaches it, Enter or a click opens the page, a screen reader says
       "link" and reads the summary as its description. Inside a link it is the link's to follow. */
    var standalone = element.tagName !== "A" && !element.hasAttribute("role") &&
      !(element.closest && element.closest("a[href], button, input, select, textarea, summary, label"));
    if (standalone) {
      element.setAttribute("role", "link");
      if (!element.hasAttribute("tabindex")) { element.setAttribute("tabindex", "0"); }
      element.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.defaultPrevented && !event.repeat) {
          event.preventDefault();
          openPage(term);
        }
      });
    }
    element.addEventListener("mouseenter", function () { self.show(element, term); });
    element.addEventListener("focus", function () { self.show(element, term); });
    element.addEventListener("mouseleave", function () { self.hideSoon(); });
    element.addEventListener("blur", function () { self.hideSoon(); });
    /* Touch: the first tap on a link shows its card (a tap also sends mouseenter, so note at
       pointerdown whether the card was open before); a tap while it is open follows the link. */
    element.addEventListener("pointerdown", function (event) {
      self.tapped = event.pointerType === "mouse" ? null
        : { element: element, open: self.trigger === element && !self.card.hidden };
    });
    element.addEventListener("click", function (event) {
      var tap = self.tapped;
      self.tapped = null;
      if (tap && tap.element === element && !tap.open) {
        event.preventDefault();
        self.show(element, term);
        return;
      }
      var selection = window.getSelection && window.getSelection();
      if (standalone && !event.defaultPrevented && (!selection || selection.isCollapsed)) { openPage(term); }
    });
  };

  /* The page's terms waiting for their shard, the shards asked for and those that came. */
  var pending = [], requested = Object.create(null), received = Object.create(null);
  var warned = Object.create(null), unknown = [], names = Object.create(null), attached = Object.create(null);
  var seen = typeof WeakSet === "function" ? new WeakSet() : null;  /* elements already looked at */
  var adopted = false, failed = false, cards = null;

  function warn(message) { if (window.console && console.warn) { console.warn("gtm-glossary: " + message); } }

  function load(file, onerror) {
    var tag = document.createElement("script");
    tag.src = new URL(DATA + file, base).href;
    tag.async = true;
    tag.onload = function () { tag.remove(); };
    tag.onerror = function () { tag.remove(); onerror(tag.src); };
    document.head.appendChild(tag);
  }

  /* The glossary is unreachable (or this file is missing): say so once, leave the page as it is. */
  function unreachable(url) {
    if (failed) { return; }
    failed = true;
    warn("could not load " + url + ": the glossary at " + base.href + " is unreachable, so its terms on this " +
      "page have no cards (the links still work).");
  }

  function request() {
    pending.forEach(function (item) {
      var shard = shardOf(item.slug, SHARDS);
      if (!requested[shard]) {
        requested[shard] = true;
        load(shard + ".js", function (url) { delete requested[shard]; unreachable(url); });
      }
    });
  }

  /* A name the glossary does not know: one warning per name, with the closest name that starts with
     the same character (embed-data/names-<c>.js, loaded for the first unknown name starting with c). */
  function report(item) {
    if (warned[item.slug]) { return; }
    warned[item.slug] = true;
    var first = /^[a-z0-9]/.test(item.slug) ? item.slug[0] : null;
    if (!first) { tell(item, null); return; }
    if (own(names, first)) {
      if (names[first]) { tell(item, names[first]); } else { unknown.push(item); }
      return;
    }
    names[first] = null;
    unknown.push(item);
    window.gtmGlossaryEmbedNames = function (data) {
      if (data && data.format === "gtm-glossary/embed-names" && Array.isArray(data.terms) && own(names, data.first)) {
        arrived(data.first, data);
      }
    };
    load("names-" + first + ".js", function () { arrived(first, { terms: [] }); });
  }

  function arrived(first, data) {
    names[first] = data;
    unknown = unknown.filter(function (item) {
      if (item.slug[0] !== first) { return true; }
      tell(item, data);
      return false;
    });
  }

  function tell(item, data) {
    var match = data ? closest(item.slug, data) : null;
    warn("unknown term in " + item.said +
      (match ? "; did you mean \"" + match[0] + "\" (" + match[1] + ")?" : ".") +
      " `glossary link --check PAGE.html` lists every unknown term of a page.");
  }

  function receive(data) {
    if (!data || data.format !== "gtm-glossary/embed-shard" || typeof data.names !== "object" || !Array.isArray(data.cards)) { return; }
    if (data.shards !== SHARDS) {
      /* This embed.js is older (or newer) than the glossary's data: ask again by the data's count, once. */
      if (adopted || !(data.shards > 0)) { return; }
      adopted = true;
      SHARDS = data.shards;
      requested = Object.create(null);
      received = Object.create(null);
      request();
      return;
    }
    received[data.shard] = data;
    resolve();
  }

  /* Each pending term whose shard is here: a card, or a warning. */
  function resolve() {
    var waiting = pending.length;
    pending = pending.filter(function (item) {
      var data = received[shardOf(item.slug, SHARDS)];
      if (!data) { return true; }
      var term = own(data.names, item.slug) ? data.cards[data.names[item.slug]] : null;
      if (term) {
        if (!cards) {
          cards = window.__gtmGlossaryCards = new Cards();
          cards.host.setAttribute("data-gtm-glossary", DATA);
        }
        cards.attach(item.element, term);
        attached[term.id] = true;
      } else {
        report(item);
      }
      return false;
    });
    if (waiting && !pending.length) {
      window.dispatchEvent(new CustomEvent("gtm-glossary:ready", {
        detail: { terms: Object.keys(attached).length, via: DATA },
      }));
    }
  }

  /* The terms in root (an element, a document or a shadow root, itself included) not looked at
     before: queued for their shard. How many there were. */
  function collect(root) {
    var elements = [], found = 0;
    if (root.nodeType === 1 && root.matches("a[href], [data-glossary]")) { elements.push(root); }
    if (root.querySelectorAll) { elements.push.apply(elements, root.querySelectorAll("a[href], [data-glossary]")); }
    elements.forEach(function (element) {
      if (element.hasAttribute("data-glossary-ready") || (seen && seen.has(element))) { return; }
      var item = wanted(element);
      if (!item) { return; }
      if (seen) { seen.add(element); }
      if (item.slug) { pending.push(item); found++; } else { report(item); }
    });
    return found;
  }

  /* window.glossaryEmbed.scan(root): cards for the terms in root that have none yet (for what the
     observer cannot see, such as a shadow root); returns how many new terms it found. */
  function scan(root) {
    var found = collect(root || document);
    if (found) { request(); resolve(); }
    return found;
  }

  /* Terms added to the page later (an LMS rendering its lesson, a quiz revealed): the elements
     added, and those given data-glossary or href, in one batch per callback. */
  function watch() {
    if (!window.MutationObserver) { return; }
    new MutationObserver(function (records) {
      var found = 0;
      records.forEach(function (record) {
        if (record.type === "attributes") { found += collect(record.target); return; }
        for (var i = 0; i < record.addedNodes.length; i++) {
          var node = record.addedNodes[i];
          if (node.nodeType === 1 && (!cards || (node !== cards.host && node !== cards.description))) {
            found += collect(node);
          }
        }
      });
      if (found) { request(); resolve(); }
    }).observe(document.documentElement, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["data-glossary", "href"],
    });
  }

  function start() {
    window.gtmGlossaryEmbedShard = receive;
    window.glossaryEmbed = { scan: scan };
    watch();
    scan(document);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
