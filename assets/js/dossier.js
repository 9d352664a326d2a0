// dossier: preview cards for glossary terms and citations.
//
// Every automatic or wiki link to a glossary entry carries the entry's
// title, kind and summary in data attributes; every source mark carries its
// source's title, publisher, date, locator and address, and a numbered
// citation in the text points at its source in the list, which carries the
// same. This script shows them in one card when the link is hovered or
// focused. On touch screens the first tap shows the card and a second tap
// (or the card's own link) follows the link. Cards stay inside the
// viewport: below the link when there is room, above it otherwise. Without
// this script the links are plain links.
(function () {
  "use strict";
  var card = null;
  var current = null;
  var hideTimer = null;
  var lastPointer = "mouse";
  // The link whose card was already showing when the current touch began:
  // only a tap on that link follows it.
  var armed = null;

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

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // Where a citation's details are: on the mark itself, or on the source
  // list item it points to on this page.
  function sourceData(link) {
    if (link.dataset.citeTitle) return link.dataset;
    var hash = link.getAttribute("href") || "";
    if (hash.charAt(0) !== "#") return null;
    var item = document.getElementById(decodeURIComponent(hash.slice(1)));
    return item && item.dataset.citeTitle ? item.dataset : null;
  }

  function fillTerm(link) {
    var open = el("a", "term-card-open", "Open entry \u2192");
    open.href = link.href;
    card.append(
      el("span", "term-card-kind", link.dataset.kind || ""),
      el("strong", "term-card-title", link.dataset.title || link.textContent),
      el("p", "term-card-summary", link.dataset.summary || ""),
      open
    );
  }

  function fillSource(link, data) {
    var locator = link.dataset.citeLocator;
    if (!locator) {
      var l = link.querySelector(".locator");
      locator = l ? l.textContent.replace(/^,\s*/, "") : "";
    }
    var meta = [data.citePublisher, data.citeDate, locator].filter(Boolean).join(" \u00b7 ");
    var links = el("span", "term-card-links");
    if (data.citeUrl) {
      var out = el("a", "term-card-open", "Read the source \u2197");
      out.href = data.citeUrl;
      out.rel = "noopener";
      links.append(out);
    }
    var list = el("a", "term-card-list", "In the source list");
    list.href = link.href;
    links.append(list);
    card.append(
      el("span", "term-card-kind", "Source"),
      el("strong", "term-card-title", data.citeTitle),
      el("span", "term-card-meta", meta),
      links
    );
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var vh = window.innerHeight;
    var width = Math.min(320, vw - 16);
    card.style.width = width + "px";
    var left = Math.max(8, Math.min(r.left, vw - width - 8));
    card.style.left = left + window.scrollX + "px";
    var h = card.offsetHeight;
    var below = r.bottom + 6;
    var top = below + h <= vh - 8 || r.top - 6 - h < 8 ? below : r.top - 6 - h;
    // Never past the bottom while the card fits at all.
    top = Math.max(8, Math.min(top, vh - h - 8));
    card.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    cancelHide();
    if (!card) build();
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    card.textContent = "";
    var data = link.matches("a.term") ? null : sourceData(link);
    if (data) fillSource(link, data);
    else fillTerm(link);
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

  function linkOf(target) {
    if (!target || !target.closest) return null;
    var link = target.closest("a.term, a.source-mark, .cite a");
    if (!link || (card && card.contains(link))) return null;
    if (!link.matches("a.term") && !sourceData(link)) return null;
    return link;
  }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
    armed = card && !card.hidden ? current : null;
  }, true);
  document.addEventListener("mouseover", function (e) {
    var link = linkOf(e.target);
    if (link && lastPointer === "mouse") show(link);
  });
  document.addEventListener("mouseout", function (e) {
    var link = linkOf(e.target);
    if (link && link === current && lastPointer === "mouse") scheduleHide();
  });
  document.addEventListener("focusin", function (e) {
    var link = linkOf(e.target);
    if (link) show(link);
    else if (!card || !card.contains(e.target)) hide();
  });
  document.addEventListener("click", function (e) {
    var link = linkOf(e.target);
    if (link && lastPointer !== "mouse" && armed !== link) {
      // First tap on a touch screen: the card; a second tap follows the
      // link. Focus may already have shown the card during this tap, so
      // what counts is whether it showed before the tap began.
      e.preventDefault();
      show(link);
      armed = link;
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

  // Printing shows every folded panel.
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    folded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (d) { d.open = false; });
    folded = [];
  });
})();
