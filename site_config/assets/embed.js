/* gtm-glossary embed: hover and focus cards for glossary terms on any page.
 *
 *   <script src="https://YOUR-GLOSSARY/embed.js" defer></script>
 *   <a href="https://YOUR-GLOSSARY/glossary/marketing-qualified-lead/">MQL</a>
 *   <span data-glossary="MQL">MQL</span>          (an id, name, alias or abbreviation)
 *
 * Loads embed-data.js (the card fields of terms.json, as a script) from the site the script came
 * from: a script tag needs no CORS header, so no host logs an error, with or without one. Links
 * to term pages, alias pages and elements with data-glossary show a card with the term's summary
 * and a link on hover and on keyboard focus; Escape hides it. On a touch screen the first tap on
 * a link shows its card, a second tap follows the link, a tap elsewhere hides the card. The
 * summary reaches screen readers as the trigger's description (aria-describedby to a hidden
 * element in the page itself: ids do not cross into a shadow root). No dependencies. If the
 * glossary cannot be reached, the page is left exactly as it was. Cards live in a shadow root,
 * so the page's CSS and ours never mix.
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

  /* generator/core/text.py slugify: what an alias's URL and a data-glossary value are matched by. */
  function slugify(text) {
    return String(text).normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase()
      .replace(/['\u2019]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function index(document_) {
    var byName = Object.create(null); /* no prototype: data-glossary="constructor" names no term */
    function add(term, name) {
      var key = name && slugify(name);
      if (key && !(key in byName)) { byName[key] = term; }
    }
    document_.terms.forEach(function (term) {
      [term.id, term.term, term.abbreviation].concat(term.aliases, term.former_ids).forEach(function (name) { add(term, name); });
    });
    /* then forms ("MQLs", "marketing qualified leads"), as `glossary link` reads them: a name always wins */
    document_.terms.forEach(function (term) { (term.forms || []).forEach(function (form) { add(term, form); }); });
    return byName;
  }

  /* The term a link points to: <base>glossary/<slug>/ (a term page or one of its redirect pages). */
  function termOfLink(anchor, byName) {
    var url;
    try { url = new URL(anchor.getAttribute("href"), document.baseURI); } catch (e) { return null; }
    if (url.origin !== base.origin || url.pathname.indexOf(base.pathname + "glossary/") !== 0) { return null; }
    var slug = url.pathname.slice((base.pathname + "glossary/").length).replace(/\/(index\.html)?$/, "");
    return slug.indexOf("/") < 0 ? byName[slug] || null : null;
  }

  function Cards(byName) {
    this.byName = byName;
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
      ".summary{margin:0 0 .4rem}a{color:#0b57d0;text-decoration:underline}a:focus-visible{outline:2px solid #0b57d0}" +
      "@media (prefers-color-scheme:dark){.card{background:#161b22;color:#e6edf3;border-color:#30363d}" +
      ".abbr{color:#9ea7b3}a{color:#8ab4f8}a:focus-visible{outline-color:#8ab4f8}}</style>" +
      "<div class='card' role='tooltip' hidden><p class='name'></p><p class='summary'></p>" +
      "<a class='more' target='_top'>Read the full definition</a></div>";
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
      "text-decoration-thickness:1px;text-underline-offset:.2em;cursor:help}";
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

  Cards.prototype.termOf = function (element) {
    if (element.hasAttribute("data-glossary")) { return this.byName[slugify(element.getAttribute("data-glossary"))] || null; }
    return element.tagName === "A" && element.hasAttribute("href") ? termOfLink(element, this.byName) : null;
  };

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
    this.card.querySelector(".summary").textContent = term.summary || "";
    this.card.querySelector(".more").setAttribute("href", new URL(term.path, base).href);
    this.card.hidden = false;
    if (this.trigger && this.trigger !== element) { this.release(); }
    if (this.trigger !== element) {
      this.trigger = element;
      this.ownDescription = element.getAttribute("aria-describedby");
      element.setAttribute("aria-describedby", (this.ownDescription ? this.ownDescription + " " : "") + DESCRIPTION_ID);
    }
    this.description.textContent = term.summary || term.term;
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

  Cards.prototype.attach = function (element) {
    var term = this.termOf(element), self = this;
    if (!term || element.hasAttribute("data-glossary-ready")) { return; }
    element.setAttribute("data-glossary-ready", term.id);
    if (element.tagName !== "A" && !element.hasAttribute("tabindex")) { element.setAttribute("tabindex", "0"); }
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
      if (!tap || tap.element !== element || tap.open) { return; }
      event.preventDefault();
      self.show(element, term);
    });
  };

  function use(data) {
    if (!data || data.format !== "gtm-glossary/terms" || !Array.isArray(data.terms) || window.__gtmGlossaryCards) { return; }
    var cards = window.__gtmGlossaryCards = new Cards(index(data));
    cards.host.setAttribute("data-gtm-glossary", "embed-data.js");
    document.querySelectorAll("a[href], [data-glossary]").forEach(function (el) { cards.attach(el); });
    window.dispatchEvent(new CustomEvent("gtm-glossary:ready", { detail: { terms: data.terms.length, via: "embed-data.js" } }));
  }

  /* embed-data.js calls window.gtmGlossaryEmbedData(data). A script tag needs no CORS header,
     so it is the only data path: a fetch of terms.json logged a CORS error on every host without one. */
  function start() {
    window.gtmGlossaryEmbedData = use;
    var tag = document.createElement("script");
    tag.src = new URL("embed-data.js", base).href;
    tag.async = true;
    tag.onerror = function () { tag.remove(); };  /* the glossary is unreachable: leave the page as it is */
    document.head.appendChild(tag);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
