/* KYKY's one small script; the pages work without it. The menu closes with Escape or a click elsewhere,
   focus moves to an error summary, changed results are brought into view, messages can be closed. */
(function () {
  "use strict";

  function closeMenus(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (menu !== except) { menu.open = false; }
    });
  }

  function syncExpanded(menu) {
    var summary = menu.querySelector("summary");
    if (summary) { summary.setAttribute("aria-expanded", menu.open ? "true" : "false"); }
  }

  function focusErrorSummary(root) {
    var summary = (root && root.isConnected ? root : document).querySelector("[data-error-summary]");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  }

  function outOfView(element) {
    var box = element.getBoundingClientRect();
    return box.top < 0 || box.top > window.innerHeight - 80;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("details[data-menu]").forEach(function (menu) {
      syncExpanded(menu);
      menu.addEventListener("toggle", function () { syncExpanded(menu); });
    });
    document.querySelectorAll("[data-dismiss]").forEach(function (button) { button.hidden = false; });
    focusErrorSummary(document);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector("details[data-menu][open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });

  document.addEventListener("click", function (event) {
    var inside = event.target.closest("details[data-menu]");
    closeMenus(inside);
    var dismiss = event.target.closest("[data-dismiss]");
    if (dismiss) {
      dismiss.closest(".message").remove();
      document.getElementById("main").focus();
    }
  });

  // htmx: results replaced after a filter change, or a form swapped back with errors.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target) { return; }
    if (target.id === "results") {
      var head = document.getElementById("results-head") || target;
      var submitted = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent &&
        event.detail.requestConfig.triggeringEvent.type === "submit";
      if (outOfView(head)) {
        var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        head.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
      }
      if (submitted) {
        var count = document.getElementById("result-count");
        if (count) { count.setAttribute("tabindex", "-1"); count.focus({ preventScroll: true }); }
      }
      return;
    }
    document.querySelectorAll("[data-dismiss][hidden]").forEach(function (button) { button.hidden = false; });
    focusErrorSummary(target);
  });
}());
