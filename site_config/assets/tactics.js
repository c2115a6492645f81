/* gtm-glossary: the filter of the tactics index (/tactics/, or its letter pages when it is split).
 * Without JavaScript the filter stays hidden and every tactic is listed; with it, the chips (buttons
 * with aria-pressed, so Tab, Space and Enter work) show one classification, or the disputed tactics.
 * The chosen filter is in the address (?show=disputed), so a link can open the list filtered; the
 * "Jump to" letters and the table of contents lose the letters the filter empties.
 * Works on first load and after Material's instant navigation (document$). */
(function () {
  "use strict";

  var PARAMETER = "show";
  /* Anchors of the single index's own parts (checks/ids.py TACTICS_INDEX_ANCHORS), never a tactic's. */
  var OWN_ANCHORS = ["all-tactics", "tactic-filter", "tactic-list", "tactic-tables"];

  function matches(entry, filter) {
    if (filter === "all") { return true; }
    if (filter === "disputed") { return entry.getAttribute("data-disputed") === "true"; }
    return entry.getAttribute("data-classification") === filter;
  }

  /* Hides (or shows again) the links to #id: the "Jump to" letters and Material's table of contents,
   * so that no link leads to a heading the filter has hidden. */
  function showLinksTo(id, visible) {
    var selector = ".glossary-jump a, .md-nav--secondary a.md-nav__link";
    document.querySelectorAll(selector).forEach(function (link) {
      /* Material rewrites "#b" into the page's full address: compare the anchor of the same page. */
      if (link.hash !== "#" + id || link.pathname !== window.location.pathname) { return; }
      var item = link.closest("li");
      if (item) { item.hidden = !visible; }
    });
  }

  /* Show the entries the filter keeps; a letter's heading, list and links go when none of its entries stay. */
  function apply(root, filter, chips, status) {
    var shown = 0, total = 0;
    chips.forEach(function (chip) {
      chip.setAttribute("aria-pressed", chip.getAttribute("data-filter") === filter ? "true" : "false");
    });
    document.querySelectorAll(".glossary-tactic-list").forEach(function (list) {
      var visible = 0;
      list.querySelectorAll(".glossary-tactic").forEach(function (entry) {
        var keep = matches(entry, filter);
        entry.hidden = !keep;
        total += 1;
        if (keep) { visible += 1; }
      });
      shown += visible;
      list.hidden = visible === 0;
      var heading = list.previousElementSibling;
      if (heading && /^H[1-6]$/.test(heading.tagName)) {
        heading.hidden = visible === 0;
        if (heading.id) { showLinksTo(heading.id, visible > 0); }
      }
    });
    status.textContent = filter === "all" ? "" : "Showing " + shown + " of " + total + " tactics.";
    root.setAttribute("data-filter", filter);
  }

  /* The filter named in the address (?show=disputed), if a chip has that name; else "all". */
  function filterInAddress(chips) {
    var wanted = new URLSearchParams(window.location.search).get(PARAMETER);
    return chips.some(function (chip) { return chip.getAttribute("data-filter") === wanted; }) ? wanted : "all";
  }

  /* The address with the filter in it (none for "all"), replacing the history entry: a chip is not a page. */
  function remember(filter) {
    var url = new URL(window.location.href);
    if (filter === "all") { url.searchParams.delete(PARAMETER); } else { url.searchParams.set(PARAMETER, filter); }
    window.history.replaceState(window.history.state, "", url.href);
  }

  /* The index split by letter (letter_pages.py): a link to a tactic's anchor on the single page of old
   * (/tactics/#webinar) goes to the tactic's own page; ?show= goes on to the letter pages' links. */
  function initLetters(marker) {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) && !document.getElementById(id) && OWN_ANCHORS.indexOf(id) < 0) {
      window.location.replace(new URL(id + "/", window.location.href).href);
      return;
    }
    var show = new URLSearchParams(window.location.search).get(PARAMETER);
    if (!show || marker.getAttribute("data-ready")) { return; }
    document.querySelectorAll(".md-content a[href]").forEach(function (link) {
      if (link.pathname.indexOf("/a-z/") < 0 || link.origin !== window.location.origin) { return; }
      var url = new URL(link.href);
      url.searchParams.set(PARAMETER, show);
      link.href = url.href;
    });
    marker.setAttribute("data-ready", "true");
  }

  function init() {
    var marker = document.querySelector(".glossary-tactics-letters");
    if (marker) { initLetters(marker); }
    var root = document.querySelector(".glossary-tactics");
    var group = root && root.querySelector(".glossary-tactic-filter");
    if (!group || root.getAttribute("data-ready")) { return; }
    var chips = Array.prototype.slice.call(group.querySelectorAll("button[data-filter]"));
    var status = root.querySelector(".glossary-tactic-count");
    chips.forEach(function (chip) {
      chip.addEventListener("click", function () {
        var filter = chip.getAttribute("data-filter");
        apply(root, filter, chips, status);
        remember(filter);
      });
    });
    group.hidden = false;
    apply(root, filterInAddress(chips), chips, status);
    root.setAttribute("data-ready", "true");
  }

  if (window.document$ && typeof window.document$.subscribe === "function") { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
