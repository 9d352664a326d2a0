// dossier: hover previews for glossary terms.
//
// Every automatic or wiki link to a glossary entry carries the entry's
// title, kind and summary in data attributes. This script shows them in a
// card when the link is hovered or focused; on touch screens the first tap
// shows the card and the card's own link opens the entry. Without this
// script the links are plain links.
(function () {
  "use strict";
  var card = null;
  var current = null;
  var hideTimer = null;
  var lastPointer = "mouse";

  function build() {
    card = document.createElement("div");
    card.className = "term-card";
    card.id = "term-card";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("mouseenter", cancelHide);
    card.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(card);
  }

  function fill(link) {
    card.textContent = "";
    var kind = document.createElement("span");
    kind.className = "term-card-kind";
    kind.textContent = link.dataset.kind || "";
    var title = document.createElement("strong");
    title.className = "term-card-title";
    title.textContent = link.dataset.title || link.textContent;
    var summary = document.createElement("p");
    summary.className = "term-card-summary";
    summary.textContent = link.dataset.summary || "";
    var open = document.createElement("a");
    open.className = "term-card-open";
    open.href = link.href;
    open.textContent = "Open entry \u2192";
    card.append(kind, title, summary, open);
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var width = Math.min(320, window.innerWidth - 16);
    card.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + window.innerWidth - width - 8));
    card.style.left = left + "px";
    card.style.top = r.bottom + window.scrollY + 6 + "px";
  }

  function show(link) {
    cancelHide();
    if (!card) build();
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    fill(link);
    card.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", "term-card");
  }

  function hide() {
    if (!card) return;
    card.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = window.setTimeout(hide, 200);
  }

  function cancelHide() {
    if (hideTimer) window.clearTimeout(hideTimer);
    hideTimer = null;
  }

  function termOf(target) {
    return target && target.closest ? target.closest("a.term") : null;
  }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
  }, true);
  document.addEventListener("mouseover", function (e) {
    var link = termOf(e.target);
    if (link && lastPointer === "mouse") show(link);
  });
  document.addEventListener("mouseout", function (e) {
    var link = termOf(e.target);
    if (link && link === current) scheduleHide();
  });
  document.addEventListener("focusin", function (e) {
    var link = termOf(e.target);
    if (link) show(link);
    else if (!card || !card.contains(e.target)) hide();
  });
  document.addEventListener("click", function (e) {
    var link = termOf(e.target);
    if (link && lastPointer !== "mouse" && current !== link) {
      // First tap on a touch screen: preview; the card's link navigates.
      e.preventDefault();
      show(link);
    } else if (!link && card && !card.contains(e.target)) {
      hide();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
  window.addEventListener("resize", function () {
    if (current) place(current);
  });
})();
