/* Search over the site's own static index (written by `dossier build`
 * under search/; docs/search.md describes the files). Everything is loaded
 * from the site itself: the manifest, then the few shards that hold the
 * query's words, then one small file per result shown.
 *
 * The query is cut into terms exactly as src/search/tokenize.rs cuts the
 * text: decomposed (NFKD), marks dropped, lowercase, final sigma as sigma,
 * runs of letters and digits. The last word is also matched as a prefix
 * while it is being typed. Every word must match; if no document has them
 * all, documents with any are shown. */
(function () {
  "use strict";

  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  // A word of the original text, marks included, for excerpts.
  var TEXT_WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  // The last word matches as a prefix only when its terms lie in at most
  // this many shards: one letter of a large site would load them all.
  var PREFIX_SHARDS = 3;
  var PAGE = 10;

  function fold(s) {
    return s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/ς/g, "σ");
  }

  function terms(s) {
    return fold(s).match(WORD) || [];
  }

  // Code point order, as Rust sorts the terms (JavaScript compares UTF-16
  // units, which puts U+E000-U+FFFF after astral characters).
  function cmp(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) {
        var xs = x >= 0xd800 && x <= 0xdfff, ys = y >= 0xd800 && y <= 0xdfff;
        if (xs !== ys) return xs ? 1 : -1;
        return x < y ? -1 : 1;
      }
    }
    return a.length - b.length;
  }

  // The shard of `term`: the last key at or before it.
  function shardOf(keys, term) {
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(keys[mid], term) <= 0) lo = mid + 1; else hi = mid;
    }
    return Math.max(lo - 1, 0);
  }

  function varint(bytes, at) {
    var v = 0, mul = 1, b;
    do {
      b = bytes[at.pos++];
      v += (b & 127) * mul;
      mul *= 128;
    } while (b >= 128);
    return v;
  }

  // A shard file: term -> {count, bytes of its postings}.
  function parseShard(buffer) {
    var bytes = new Uint8Array(buffer), at = { pos: 0 }, out = new Map();
    var utf8 = new TextDecoder();
    while (at.pos < bytes.length) {
      var len = varint(bytes, at);
      var term = utf8.decode(bytes.subarray(at.pos, at.pos + len));
      at.pos += len;
      var count = varint(bytes, at);
      var plen = varint(bytes, at);
      out.set(term, { count: count, postings: bytes.subarray(at.pos, at.pos + plen) });
      at.pos += plen;
    }
    return out;
  }

  // Posting lists: (doc - previous doc) * 32 + weight, as varints.
  function decodePostings(bytes, each) {
    var at = { pos: 0 }, doc = 0;
    while (at.pos < bytes.length) {
      var v = varint(bytes, at);
      doc += Math.floor(v / 32);
      each(doc, v % 32);
    }
  }

  // Weight bits: a whole title or alias 16, in the title or an alias 8,
  // in the summary/tags/kind/date 4, body count up to 3. An entry's name
  // counts more than a briefing's title, so "Russia" shows the entry on
  // Russia before briefings about it.
  var BODY = [0, 1, 1.5, 2];
  function weightScore(w, entry) {
    return (w & 16 ? 4 : 0) + (w & 8 ? (entry ? 9 : 6) : 0) + (w & 4 ? 2 : 0) + BODY[w & 3];
  }

  // The index under `load(path)`, where `load` gives an ArrayBuffer for a
  // path relative to the index folder.
  function Index(load) {
    this.load = load;
    this.shards = new Map();
    this.docs = new Map();
    this.manifest = null;
  }

  Index.prototype.open = function () {
    if (!this.manifest) {
      this.manifest = this.load("index.json").then(function (b) {
        return JSON.parse(new TextDecoder().decode(b));
      });
    }
    return this.manifest;
  };

  Index.prototype.shard = function (n) {
    if (!this.shards.has(n)) {
      this.shards.set(n, this.load("t/" + n + ".bin").then(parseShard));
    }
    return this.shards.get(n);
  };

  Index.prototype.doc = function (n) {
    if (!this.docs.has(n)) {
      this.docs.set(n, this.load("d/" + n + ".json").then(function (b) {
        return JSON.parse(new TextDecoder().decode(b));
      }));
    }
    return this.docs.get(n);
  };

  // The terms a query word stands for: [{term, count, postings, exact}].
  Index.prototype.expand = async function (manifest, word, prefix) {
    var keys = manifest.shards;
    var first = shardOf(keys, word);
    var last = prefix ? shardOf(keys, word + "\u{10FFFF}") : first;
    if (last - first >= PREFIX_SHARDS) {
      last = first;
      prefix = false;
    }
    var found = [];
    for (var n = first; n <= last; n++) {
      var shard = await this.shard(n);
      if (!prefix) {
        var hit = shard.get(word);
        if (hit) found.push({ term: word, count: hit.count, postings: hit.postings, exact: true });
        continue;
      }
      shard.forEach(function (hit, term) {
        if (term.startsWith(word)) {
          found.push({ term: term, count: hit.count, postings: hit.postings, exact: term === word });
        }
      });
    }
    return found;
  };

  // Ranked documents for `query`: {docs: [doc numbers], words: [{word, prefix}]}.
  Index.prototype.search = async function (query) {
    var manifest = await this.open();
    var words = [];
    terms(query).forEach(function (t) {
      if (words.indexOf(t) < 0) words.push(t);
    });
    if (!words.length) return { docs: [], words: [] };
    // The last word is still being typed unless the query ends after it.
    var typing = /[\p{Alphabetic}\p{N}\p{M}]$/u.test(query);
    var self = this;
    var lists = await Promise.all(words.map(function (w, i) {
      return self.expand(manifest, w, typing && i === words.length - 1);
    }));
    var total = Math.max(manifest.docs, 1), entries = manifest.entries || 0;
    // Per document: the score of each word (best of its terms).
    var scores = new Map();
    lists.forEach(function (list, i) {
      list.forEach(function (t) {
        var idf = Math.log(1 + total / t.count) * (t.exact ? 1 : 0.7);
        decodePostings(t.postings, function (doc, w) {
          var s = scores.get(doc);
          if (!s) scores.set(doc, (s = new Array(words.length).fill(0)));
          s[i] = Math.max(s[i], weightScore(w, doc < entries) * idf);
        });
      });
    });
    var all = [], some = [];
    scores.forEach(function (s, doc) {
      var sum = 0, every = true;
      s.forEach(function (x) { sum += x; if (!x) every = false; });
      (every ? all : some).push({ doc: doc, score: sum });
    });
    var ranked = all.length ? all : some;
    ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return {
      docs: ranked.map(function (r) { return r.doc; }),
      words: words.map(function (w, i) {
        return { word: w, prefix: typing && i === words.length - 1 };
      }),
    };
  };

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  // The words worth marking: in "Jabhat al-Nusra", marking every "al" of
  // the text would hide the match that matters.
  function markable(words) {
    var long = words.filter(function (w) { return w.word.length > 2; });
    return long.length ? long : words;
  }

  // Where the query's words are in `text`: [[start, end], ...].
  function matches(text, words) {
    words = markable(words);
    var out = [], m;
    TEXT_WORD.lastIndex = 0;
    while ((m = TEXT_WORD.exec(text))) {
      var hit = terms(m[0]).some(function (t) {
        return words.some(function (w) {
          return w.prefix ? t.startsWith(w.word) : t === w.word;
        });
      });
      if (hit) out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }

  // `text` from `from` to `to` as HTML, the matches marked.
  function marked(text, found, from, to) {
    var html = "", at = from;
    found.forEach(function (r) {
      if (r[0] < from || r[1] > to) return;
      html += escapeHtml(text.slice(at, r[0])) + "<mark>" + escapeHtml(text.slice(r[0], r[1])) + "</mark>";
      at = r[1];
    });
    return html + escapeHtml(text.slice(at, to));
  }

  function highlight(text, words) {
    return marked(text, matches(text, words), 0, text.length);
  }

  // About `size` characters of `text` around its first match, as HTML;
  // null when nothing matches.
  function excerpt(text, words, size) {
    size = size || 220;
    var found = matches(text, words);
    if (!found.length) return null;
    var from = Math.max(0, found[0][0] - Math.floor(size / 3));
    if (from > 0) {
      var space = text.indexOf(" ", from);
      from = space >= 0 && space < found[0][0] ? space + 1 : found[0][0];
    }
    var to = Math.min(text.length, from + size);
    if (to < text.length) {
      var end = text.lastIndexOf(" ", to);
      if (end > found[0][1]) to = end;
    }
    return (from > 0 ? "… " : "") + marked(text, found, from, to) + (to < text.length ? " …" : "");
  }

  var api = { fold: fold, terms: terms, cmp: cmp, Index: Index, excerpt: excerpt, highlight: highlight };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---- the search page

  var root = document.getElementById("search");
  if (!root) return;
  var base = root.getAttribute("data-base") || "/";
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var clear = root.querySelector(".search-clear");
  var status = root.querySelector(".search-status");
  var list = root.querySelector(".search-results");
  var more = root.querySelector(".search-more");
  var index = new Index(function (path) {
    return fetch(base + "search/" + path).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + r.url);
      return r.arrayBuffer();
    });
  });
  var HINT = "Type a name, an alias or any word of a briefing.";
  var current = { docs: [], words: [], shown: 0 };
  var ticket = 0;

  function setStatus(text) {
    status.textContent = text;
  }

  function keepInUrl(q) {
    var url = new URL(window.location.href);
    if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
  }

  async function run(q) {
    var mine = ++ticket;
    clear.hidden = !q;
    keepInUrl(q.trim());
    if (!q.trim()) {
      list.textContent = "";
      more.hidden = true;
      setStatus(HINT);
      return;
    }
    try {
      var result = await index.search(q);
      if (mine !== ticket) return;
      current = { docs: result.docs, words: result.words, shown: 0 };
      list.textContent = "";
      var n = result.docs.length;
      setStatus(n === 0 ? "No results for “" + q.trim() + "”."
        : n + (n === 1 ? " result" : " results") + " for “" + q.trim() + "”.");
      await showMore(mine);
    } catch (e) {
      if (mine === ticket) setStatus("Search is not available: " + e.message);
    }
  }

  async function showMore(mine) {
    var next = current.docs.slice(current.shown, current.shown + PAGE);
    var docs = await Promise.all(next.map(function (n) { return index.doc(n); }));
    if (mine !== ticket) return;
    docs.forEach(function (d) { list.appendChild(result(d, current.words)); });
    current.shown += next.length;
    more.hidden = current.shown >= current.docs.length;
  }

  function result(d, words) {
    var li = document.createElement("li");
    li.className = "search-result";
    var head = "<span class=\"badge kind-" + escapeHtml(d.kind) + "\">" + escapeHtml(d.kind) + "</span> "
      + "<a href=\"" + escapeHtml(base + d.url) + "\">" + highlight(d.title, words) + "</a>";
    if (d.date) {
      head += " <time datetime=\"" + escapeHtml(d.date) + "\">" + escapeHtml(d.date_text || d.date) + "</time>";
    }
    var body = excerpt(d.text, words) || highlight(d.summary, words);
    var also = "";
    if (d.aliases && d.aliases.length) {
      also = "<p class=\"search-aliases\">Also: " + d.aliases.map(function (a) { return highlight(a, words); }).join(", ") + "</p>";
    }
    li.innerHTML = "<p class=\"search-result-head\">" + head + "</p>" + also
      + (body ? "<p class=\"search-excerpt\">" + body + "</p>" : "");
    return li;
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 120);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value).then(function () {
      var first = list.querySelector("a");
      if (first) first.focus();
    });
  });
  clear.addEventListener("click", function () {
    input.value = "";
    run("");
    input.focus();
  });
  more.addEventListener("click", function () {
    var links = list.querySelectorAll("a").length;
    showMore(ticket).then(function () {
      var next = list.querySelectorAll("a")[links];
      if (next) next.focus();
    });
  });
  // Arrow keys move between the box and the result links; Escape clears.
  root.addEventListener("keydown", function (e) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && (document.activeElement === input || at >= 0)) {
      if (at + 1 < links.length) links[at + 1].focus();
      e.preventDefault();
    } else if (e.key === "ArrowUp" && at >= 0) {
      (at > 0 ? links[at - 1] : input).focus();
      e.preventDefault();
    } else if (e.key === "Escape" && input.value) {
      input.value = "";
      run("");
      input.focus();
    }
  });

  root.hidden = false;
  var q = new URLSearchParams(window.location.search).get("q") || "";
  input.value = q;
  if (q) run(q); else { clear.hidden = true; setStatus(HINT); }
})();
