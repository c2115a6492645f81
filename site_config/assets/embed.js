/* gtm-glossary embed: hover and focus cards for glossary terms on any page.
 *
 *   <script src="https://YOUR-GLOSSARY/embed.js" defer></script>
 *   <a href="https://YOUR-GLOSSARY/glossary/marketing-qualified-lead/">MQL</a>
 *   <span data-glossary="MQL">MQL</span>          (an id, name, alias or abbreviation)
 *
 * Reads terms.json from the site the script came from; where the host does not allow
 * cross-origin reads (no Access-Control-Allow-Origin header), it loads embed-data.js, the
 * same fields as a script, instead. Links to term pages, alias pages and
 * elements with data-glossary show a card with the term's summary and a link on hover and on
 * keyboard focus; Escape hides it. No dependencies. If the glossary cannot be reached, the page
 * is left exactly as it was. Cards live in a shadow root, so the page's CSS and ours never mix.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src || window.__gtmGlossaryEmbed) { return; }
  window.__gtmGlossaryEmbed = true;
  var base = new URL(".", script.src);
  var HIDE_DELAY = 200;

  /* generator/text.py slugify: what an alias's URL and a data-glossary value are matched by. */
  function slugify(text) {
    return String(text).normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase()
      .replace(/['\u2019]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function index(document_) {
    var byName = Object.create(null); /* no prototype: data-glossary="constructor" names no term */
    document_.terms.forEach(function (term) {
      [term.id, term.term, term.abbreviation].concat(term.aliases, term.former_ids).forEach(function (name) {
        var key = name && slugify(name);
        if (key && !(key in byName)) { byName[key] = term; }
      });
    });
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
    this.host.style.cssText = "position:absolute;top:0;left:0;z-index:2147483647;";
    var root = this.host.attachShadow ? this.host.attachShadow({ mode: "open" }) : this.host;
    root.innerHTML = "<style>" +
      ".card{position:absolute;box-sizing:border-box;max-width:min(22rem,calc(100vw - 1rem));padding:.7rem .85rem;" +
      "border:1px solid #d0d7de;border-radius:6px;background:#fff;color:#1f2328;box-shadow:0 4px 14px rgba(0,0,0,.18);" +
      "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;text-align:left}" +
      ".card[hidden]{display:none}.name{font-weight:700;margin:0 0 .25rem}.abbr{color:#57606a;font-weight:400}" +
      ".summary{margin:0 0 .4rem}a{color:#0b57d0;text-decoration:underline}a:focus-visible{outline:2px solid #0b57d0}" +
      "@media (prefers-color-scheme:dark){.card{background:#161b22;color:#e6edf3;border-color:#30363d}" +
      ".abbr{color:#9ea7b3}a{color:#8ab4f8}}</style>" +
      "<div class='card' role='tooltip' id='gtm-glossary-card' hidden><p class='name'></p><p class='summary'></p>" +
      "<a class='more' target='_top'>Read the full definition</a></div>";
    this.card = root.querySelector(".card");
    this.timer = null;
    this.trigger = null;
    document.body.appendChild(this.host);
    var self = this;
    this.card.addEventListener("mouseenter", function () { clearTimeout(self.timer); });
    this.card.addEventListener("mouseleave", function () { self.hideSoon(); });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") { self.hide(); } });
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
    var box = element.getBoundingClientRect(), width = this.card.offsetWidth;
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    this.card.style.left = left + "px";
    this.card.style.top = (box.bottom + window.scrollY + 6) + "px";
    if (this.trigger && this.trigger !== element) { this.trigger.removeAttribute("aria-describedby"); }
    this.trigger = element;
    element.setAttribute("aria-describedby", "gtm-glossary-card");
  };

  Cards.prototype.hideSoon = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.hide(); }, HIDE_DELAY);
  };

  Cards.prototype.hide = function () {
    clearTimeout(this.timer);
    this.card.hidden = true;
    if (this.trigger) { this.trigger.removeAttribute("aria-describedby"); this.trigger = null; }
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
  };

  function use(data, how) {
    if (!data || data.format !== "gtm-glossary/terms" || !Array.isArray(data.terms) || window.__gtmGlossaryCards) { return; }
    var cards = window.__gtmGlossaryCards = new Cards(index(data));
    cards.host.setAttribute("data-gtm-glossary", how);
    document.querySelectorAll("a[href], [data-glossary]").forEach(function (el) { cards.attach(el); });
    window.dispatchEvent(new CustomEvent("gtm-glossary:ready", { detail: { terms: data.terms.length, via: how } }));
  }

  /* embed-data.js calls window.gtmGlossaryEmbedData(data); a script tag needs no CORS. */
  function loadScriptData() {
    window.gtmGlossaryEmbedData = function (data) { use(data, "embed-data.js"); };
    var tag = document.createElement("script");
    tag.src = new URL("embed-data.js", base).href;
    tag.async = true;
    tag.onerror = function () { tag.remove(); };  /* the glossary is unreachable: leave the page as it is */
    document.head.appendChild(tag);
  }

  function start() {
    fetch(new URL("terms.json", base).href, { credentials: "omit" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) { use(data, "terms.json"); })
      .catch(loadScriptData);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
