/* gtm-glossary: the filter of the tactics index (/tactics/).
 * Without JavaScript the filter stays hidden and every tactic is listed; with it, the chips (buttons
 * with aria-pressed, so Tab, Space and Enter work) show one classification, or the disputed tactics.
 * Works on first load and after Material's instant navigation (document$). */
(function () {
  "use strict";

  function matches(entry, filter) {
    if (filter === "all") { return true; }
    if (filter === "disputed") { return entry.getAttribute("data-disputed") === "true"; }
    return entry.getAttribute("data-classification") === filter;
  }

  /* Show the entries the filter keeps; a letter's heading and list go when none of its entries stay. */
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
      if (heading && /^H[1-6]$/.test(heading.tagName)) { heading.hidden = visible === 0; }
    });
    status.textContent = filter === "all" ? "" : "Showing " + shown + " of " + total + " tactics.";
    root.setAttribute("data-filter", filter);
  }

  function init() {
    var root = document.querySelector(".glossary-tactics");
    var group = root && root.querySelector(".glossary-tactic-filter");
    if (!group || root.getAttribute("data-ready")) { return; }
    root.setAttribute("data-ready", "true");
    var chips = Array.prototype.slice.call(group.querySelectorAll("button[data-filter]"));
    var status = root.querySelector(".glossary-tactic-count");
    chips.forEach(function (chip) {
      chip.addEventListener("click", function () { apply(root, chip.getAttribute("data-filter"), chips, status); });
    });
    group.hidden = false;
    apply(root, "all", chips, status);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
