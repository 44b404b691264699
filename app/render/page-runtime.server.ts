/**
 * The script the render page runs, served from memory as /lib/runtime.js next to vega. It is a
 * plain string (not a function passed to page.evaluate) so the bundler's helpers never leak into
 * the page. Node drives it with string expressions: `__jiedu.set(…)`, `.charts(…)`, `.fit()`,
 * `.split()`, `.kinsoku()`, `.overflow()`, `.longLayout()`.
 *
 * Every check is made on the laid-out page (element and text Range boxes), never estimated.
 */
export const NO_LINE_START = "，。、；：？！）》」』”’〕】〉…～·,.;:?!)]}%";
export const NO_LINE_END = "（《「『“‘〔【〈([{";

/**
 * A number with what belongs to it, kept on one line: a tier prefix (D档), the digits (1,150 /
 * 3.5 / 3-5), and its unit (元, %, 万元, 个工作日, 元/人·月…). "3540 / 元" and "D档465 / 元" were
 * line breaks inside one of these.
 */
const UNIT = "(?:%|％|‰|℃|(?:万|亿|千|百)?(?:元|人次|人|户)|个工作日|工作日|个月|个|项|条|次|天|日|月|年|周岁|岁|分钟|分|亩|倍|档|名|家|所|台|辆|份|件|类|级|批|周|号|小时|公里|千米|平方米|米|吨|公斤|千克|克|万|亿)";
const PER = "(?:[/／每](?:人·月|人/月|人|月|年|户|日|天|次))";
const DIGITS = "[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?";
const NUMBER = `[+-]?${DIGITS}(?:[-~～–—至]${DIGITS})?(?:${UNIT}${PER}?)?`;
export const NUMBER_WITH_UNIT = `(?:[A-Za-z]档(?:${NUMBER})?|${NUMBER})`;

export const PAGE_RUNTIME = String.raw`(function () {
  "use strict";
  var NO_START = ${JSON.stringify(NO_LINE_START)};
  var NO_END = ${JSON.stringify(NO_LINE_END)};
  var NUMBER_WITH_UNIT = ${JSON.stringify(NUMBER_WITH_UNIT)};
  var blocked = 0;
  document.addEventListener("securitypolicyviolation", function () { blocked++; });

  async function settle() {
    // Layout first so text shaping asks for the font subsets it needs, then wait for them.
    void document.body.offsetHeight;
    await document.fonts.ready;
    var imgs = Array.prototype.slice.call(document.images);
    await Promise.all(imgs.map(function (img) { return img.complete ? null : img.decode().catch(function () {}); }));
    void document.body.offsetHeight;
    await document.fonts.ready;
  }

  function contentBox(el) {
    var r = el.getBoundingClientRect();
    var cs = getComputedStyle(el);
    return {
      left: r.left + parseFloat(cs.paddingLeft) + parseFloat(cs.borderLeftWidth),
      top: r.top + parseFloat(cs.paddingTop) + parseFloat(cs.borderTopWidth),
      right: r.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth),
      bottom: r.bottom - parseFloat(cs.paddingBottom) - parseFloat(cs.borderBottomWidth)
    };
  }

  function inside(r, box) {
    return r.left >= box.left - 1 && r.top >= box.top - 1 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
  }

  function describe(el) {
    var s = el.tagName.toLowerCase();
    if (el.className && typeof el.className === "string") s += "." + el.className.split(/\s+/).join(".");
    return s;
  }

  /**
   * Elements of box that stick out of its border box, and text that sticks out of its content
   * box. A glyph's content area may exceed a tight line-height (Noto CJK is ~1.45 em tall), so
   * text is allowed that half-leading vertically — a whole line beyond the box still fails.
   * Inline spans (the line-rule wrappers) are as tall as their glyphs: their text is what counts.
   */
  function outside(box) {
    var out = [];
    var border = box.getBoundingClientRect();
    var content = contentBox(box);
    box.querySelectorAll("*").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return;
      if (el.tagName === "SPAN" && getComputedStyle(el).display === "inline") return;
      if (!inside(r, border)) out.push(describe(el));
    });
    var walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    var node;
    while ((node = walker.nextNode())) {
      if (!node.data.trim()) continue;
      var lh = parseFloat(getComputedStyle(node.parentElement).lineHeight);
      range.selectNodeContents(node);
      var rects = range.getClientRects();
      for (var i = 0; i < rects.length; i++) {
        var r = rects[i];
        var slack = isNaN(lh) ? r.height * 0.2 : Math.max(0, (r.height - lh) / 2);
        var ok = r.left >= content.left - 1 && r.right <= content.right + 1 && r.top >= content.top - slack - 1 && r.bottom <= content.bottom + slack + 1;
        if (!ok) { out.push("text:" + node.data.slice(0, 12)); break; }
      }
    }
    return out;
  }

  var J = {};
  J.takeBlocked = function () { var b = blocked; blocked = 0; return b; };

  J.set = async function (job) {
    document.getElementById("jiedu-job").textContent = job.css;
    document.body.innerHTML = job.body;
    // Before the first paint: wrapping later repainted only part of the card, and that partial
    // repaint was not pixel-stable from run to run.
    glueNumbers();
    await settle();
    return true;
  };

  J.reset = function () {
    document.getElementById("jiedu-job").textContent = "";
    document.body.innerHTML = "";
    blocked = 0;
    return true;
  };

  function chartText(spec) {
    var text = "";
    (function walk(v) {
      if (typeof v === "string") { text += v; return; }
      if (typeof v === "number") { text += String(v); return; }
      if (Array.isArray(v)) { v.forEach(walk); return; }
      if (v && typeof v === "object") Object.keys(v).forEach(function (k) { walk(v[k]); });
    })(spec);
    return text + "0123456789.,%";
  }

  J.charts = async function (mounts) {
    for (var i = 0; i < mounts.length; i++) {
      var m = mounts[i];
      var el = document.querySelector('[data-chart="' + CSS.escape(m.id) + '"]');
      if (!el) throw new Error("chart mount not found: " + m.id);
      // vega measures label widths with canvas: the glyphs must be loaded before it lays out.
      var text = chartText(m.spec);
      await Promise.all(["400", "700"].map(function (w) { return document.fonts.load(w + ' 24px "Noto Sans SC"', text); }));
      // Second line of defence behind validateChartSpec: external data is refused outright
      // (vega would otherwise log the failed load and draw an empty chart).
      if (/"(url|href)"\s*:/.test(JSON.stringify(m.spec))) { blocked++; throw new Error("chart " + m.id + ": external data refused"); }
      var refuse = function () { blocked++; return Promise.reject(new Error("loading refused")); };
      var loader = vega.loader();
      loader.load = refuse; loader.http = refuse; loader.file = refuse;
      await vegaEmbed(el, m.spec, { renderer: "svg", actions: false, mode: "vega-lite", defaultStyle: false, loader: loader });
    }
    await settle();
    return true;
  };

  /** Tries each box's sizes from large to small; a flow box starts no larger than flowCap. */
  J.fit = async function (flowCap) {
    var results = [];
    var boxes = document.querySelectorAll("[data-fit]");
    for (var b = 0; b < boxes.length; b++) {
      var box = boxes[b];
      var sizes = box.getAttribute("data-fit").split(",").map(Number);
      if (flowCap && box.hasAttribute("data-flow")) {
        var capped = sizes.filter(function (s) { return s <= flowCap; });
        sizes = capped.length ? capped : sizes.slice(-1);
      }
      var ok = false, used = sizes[0];
      for (var s = 0; s < sizes.length; s++) {
        used = sizes[s];
        box.style.setProperty("--fs", used + "px");
        await settle();
        if (outside(box).length === 0) { ok = true; break; }
      }
      results.push({ box: box.getAttribute("data-box") || describe(box), ok: ok, fontSize: used, flow: box.hasAttribute("data-flow") });
    }
    return results;
  };

  /** Cuts the flow box at the first line that overflows; returns what goes to the next card. */
  J.split = async function () {
    var box = document.querySelector("[data-flow]");
    if (!box) return { ok: false, reason: "no flow box" };
    var limit = contentBox(box).bottom;
    var ps = Array.prototype.slice.call(box.querySelectorAll("p[data-kind]"));
    var range = document.createRange();
    for (var pi = 0; pi < ps.length; pi++) {
      var p = ps[pi];
      if (p.getBoundingClientRect().bottom <= limit + 0.5) continue;
      var offset = -1, count = 0;
      var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      var node;
      outer: while ((node = walker.nextNode())) {
        for (var i = 0; i < node.data.length; i++) {
          range.setStart(node, i); range.setEnd(node, i + 1);
          var rects = range.getClientRects();
          var r = rects[rects.length - 1];
          if (r && r.bottom > limit + 0.5) { offset = count + i; break outer; }
        }
        count += node.data.length;
      }
      var full = p.textContent;
      if (offset < 0) offset = full.length;
      var head = full.slice(0, offset), tail = full.slice(offset);
      // 避头尾 across the cut: an opening bracket never ends a card, a closing mark never starts one.
      while (head.length > 0 && (NO_END.indexOf(head[head.length - 1]) >= 0 || NO_START.indexOf(tail[0] || "") >= 0)) {
        tail = head[head.length - 1] + tail; head = head.slice(0, -1);
      }
      var remaining = [];
      if (tail.trim()) remaining.push({ kind: p.getAttribute("data-kind"), text: tail.trim() });
      for (var k = pi + 1; k < ps.length; k++) remaining.push({ kind: ps[k].getAttribute("data-kind"), text: ps[k].textContent });
      for (var k2 = pi + 1; k2 < ps.length; k2++) ps[k2].remove();
      if (head.trim()) p.textContent = head; else p.remove();
      var shown = Array.prototype.slice.call(box.querySelectorAll("p[data-kind]")).map(function (q) { return { kind: q.getAttribute("data-kind"), text: q.textContent }; });
      if (shown.length === 0) return { ok: false, reason: "nothing fits" };
      document.querySelectorAll("[data-next]").forEach(function (el) { el.classList.add("shown"); });
      await settle();
      return { ok: true, shown: shown, remaining: remaining };
    }
    return { ok: false, reason: "no overflowing paragraph" };
  };

  function lineBreaks(el) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    var prev = null, out = [], node;
    while ((node = walker.nextNode())) {
      for (var i = 0; i < node.data.length; i++) {
        var ch = node.data[i];
        if (/\s/.test(ch)) continue;
        range.setStart(node, i); range.setEnd(node, i + 1);
        var rects = range.getClientRects();
        if (!rects.length) continue;
        var cur = { node: node, i: i, ch: ch, top: rects[0].top, height: rects[0].height };
        if (prev && cur.top >= prev.top + prev.height * 0.6) out.push({ start: cur, prev: prev });
        prev = cur;
      }
    }
    return out;
  }

  function violations() {
    var bad = [];
    document.querySelectorAll("[data-text]").forEach(function (el) {
      lineBreaks(el).forEach(function (b) {
        if (NO_START.indexOf(b.start.ch) >= 0 || NO_END.indexOf(b.prev.ch) >= 0) bad.push(b);
      });
    });
    return bad;
  }

  function keepTogether(b) {
    if (b.prev.node !== b.start.node) return false;
    var node = b.start.node;
    node.splitText(b.start.i + 1);
    var pair = node.splitText(b.prev.i);
    var span = document.createElement("span");
    span.className = "nobr";
    pair.parentNode.insertBefore(span, pair);
    span.appendChild(pair);
    return true;
  }

  /**
   * Wraps every number with its unit (and tier prefix) in an unbreakable span, in every text
   * block; text already inside one is left alone, so it can run again after a flow split.
   */
  function glueNumbers() {
    var re = new RegExp(NUMBER_WITH_UNIT, "g");
    var count = 0;
    document.querySelectorAll("[data-text]").forEach(function (el) {
      var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      var nodes = [], n;
      while ((n = walker.nextNode())) if (!n.parentElement.closest(".glue")) nodes.push(n);
      nodes.forEach(function (node) {
        var spans = [], m;
        re.lastIndex = 0;
        while ((m = re.exec(node.data))) {
          if (m[0].length === 0) { re.lastIndex++; continue; }
          if (m[0].length > 1) spans.push([m.index, m.index + m[0].length]);
        }
        for (var i = spans.length - 1; i >= 0; i--) {
          node.splitText(spans[i][1]);
          var mid = node.splitText(spans[i][0]);
          var span = document.createElement("span");
          span.className = "nobr glue";
          mid.parentNode.insertBefore(span, mid);
          span.appendChild(mid);
          count++;
        }
      });
    });
    return count;
  }

  J.glue = async function () {
    var count = glueNumbers();
    if (count > 0) await settle();
    return count;
  };

  var WORD_CHAR = /[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]/;

  /**
   * The last "count" lines of an element as arrays of {node, i, ch}, read backwards from its end
   * (a long page's paragraphs are not walked character by character).
   */
  function lastLines(el, count) {
    var nodes = [], n;
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while ((n = walker.nextNode())) nodes.push(n);
    var range = document.createRange();
    var lines = [], top = null;
    for (var k = nodes.length - 1; k >= 0; k--) {
      var node = nodes[k];
      for (var i = node.data.length - 1; i >= 0; i--) {
        var ch = node.data[i];
        if (/\s/.test(ch)) continue;
        range.setStart(node, i); range.setEnd(node, i + 1);
        var rects = range.getClientRects();
        if (!rects.length) continue;
        var r = rects[0];
        if (top === null || r.top < top - r.height * 0.6) {
          if (lines.length === count) return lines;
          lines.unshift([]);
          top = r.top;
        }
        lines[0].unshift({ node: node, i: i, ch: ch });
      }
    }
    return lines;
  }

  /**
   * No text block ([data-text], titles included) ends with one character alone on its last line
   * (the 小红书 cover ended with "准", a timeline label with "位"): the last character of the line
   * before moves down with it.
   */
  J.orphans = async function () {
    var fixed = 0;
    for (var round = 0; round < 4; round++) {
      var changed = 0;
      document.querySelectorAll("[data-title], [data-text]").forEach(function (el) {
        if (el.querySelector("[data-text]")) return;
        var lines = lastLines(el, 2);
        if (lines.length < 2) return;
        var last = lines[1];
        if (last.filter(function (c) { return WORD_CHAR.test(c.ch); }).length > 1) return;
        var pull = lines[0][lines[0].length - 1];
        var range = document.createRange();
        var holder = pull.node.parentElement.closest(".nobr");
        if (holder && el.contains(holder) && holder !== el) range.setStartBefore(holder); else range.setStart(pull.node, pull.i);
        range.setEnd(el, el.childNodes.length);
        var span = document.createElement("span");
        span.className = "nobr orphan";
        span.appendChild(range.extractContents());
        range.insertNode(span);
        changed++;
      });
      fixed += changed;
      if (changed === 0) break;
      await settle();
    }
    return fixed;
  };

  /** Per line of an element: its top, its right edge and the text node that reaches it. */
  function lineEnds(el) {
    var lines = [];
    var range = document.createRange();
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (!node.data.trim()) continue;
      range.selectNodeContents(node);
      var rects = range.getClientRects();
      for (var k = 0; k < rects.length; k++) {
        var r = rects[k];
        if (r.width === 0) continue;
        var line = null;
        for (var j = 0; j < lines.length; j++) if (Math.abs(lines[j].top - r.top) < r.height * 0.5) { line = lines[j]; break; }
        if (!line) lines.push({ top: r.top, right: r.right, node: node });
        else if (r.right >= line.right) { line.right = r.right; line.node = node; }
      }
    }
    return lines.sort(function (a, b) { return a.top - b.top; });
  }

  /** The offset of the last character of a text node on the line at "top", or -1. */
  function lastCharOnLine(node, top) {
    var range = document.createRange();
    for (var i = node.data.length - 1; i >= 0; i--) {
      if (/\s/.test(node.data[i])) continue;
      range.setStart(node, i); range.setEnd(node, i + 1);
      var r = range.getClientRects()[0];
      if (r && Math.abs(r.top - top) < r.height * 0.5) return i;
    }
    return -1;
  }

  /**
   * A justified line that lost a whole number to the next line ("…每月" + "708元") would be
   * spread letter by letter across the gap; a line more than one character short is set flush
   * left instead (a forced break makes it a "last line", which is not stretched). All justified
   * blocks are measured in one left-aligned layout.
   */
  J.unspread = async function () {
    var els = Array.prototype.slice.call(document.querySelectorAll("[data-text]")).filter(function (el) { return getComputedStyle(el).textAlign === "justify"; });
    if (els.length === 0) return 0;
    els.forEach(function (el) { el.style.textAlign = "left"; });
    var cuts = [];
    els.forEach(function (el) {
      var limit = parseFloat(getComputedStyle(el).fontSize);
      var right = contentBox(el).right;
      var lines = lineEnds(el);
      for (var k = 0; k + 1 < lines.length; k++) {
        if (right - lines[k].right <= limit) continue;
        var i = lastCharOnLine(lines[k].node, lines[k].top);
        if (i >= 0) cuts.push({ node: lines[k].node, i: i });
      }
    });
    els.forEach(function (el) { el.style.textAlign = ""; });
    // Last cuts first: splitting a node keeps the offsets of earlier cuts in it valid.
    for (var c = cuts.length - 1; c >= 0; c--) {
      var rest = cuts[c].node.splitText(cuts[c].i + 1);
      rest.parentNode.insertBefore(document.createElement("br"), rest);
    }
    if (cuts.length > 0) await settle();
    return cuts.length;
  };

  /** 避头尾: finds line starts (Range rects) and keeps offending pairs together; returns leftovers. */
  J.kinsoku = async function () {
    for (var round = 0; round < 6; round++) {
      var bad = violations();
      if (bad.length === 0) return [];
      var fixed = 0;
      for (var i = bad.length - 1; i >= 0; i--) if (keepTogether(bad[i])) fixed++;
      await settle();
      if (fixed === 0) break;
    }
    return violations().map(function (b) { return b.prev.ch + "|" + b.start.ch; });
  };

  /**
   * All line rules in one round trip: numbers with their units (again after a flow split),
   * 避头尾, no single character on a last line (then 避头尾 once more if that moved text), and
   * no letter-spaced justified line. Returns the 避头尾 pairs that could not be fixed.
   */
  J.lineRules = async function () {
    await J.glue();
    var leftovers = await J.kinsoku();
    if ((await J.orphans()) > 0) leftovers = await J.kinsoku();
    await J.unspread();
    return { leftovers: leftovers };
  };

  /** Everything that sticks out of its box or of the card. */
  J.overflow = function (width, height) {
    var out = [];
    document.querySelectorAll("[data-box]").forEach(function (box) {
      outside(box).forEach(function (o) { out.push(box.getAttribute("data-box") + ": " + o); });
    });
    var card = { left: 0, top: 0, right: width, bottom: height > 0 ? height : Infinity };
    document.body.querySelectorAll("*").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return;
      if (!inside(r, card)) out.push("card: " + describe(el));
    });
    return out;
  };

  /** Height of a long page and the y positions it may be cut at (between lines and blocks). */
  J.longLayout = function () {
    var height = Math.ceil(document.querySelector(".card").getBoundingClientRect().height);
    var atoms = Array.prototype.slice.call(document.querySelectorAll("svg, img, .fig, th, td")).map(function (el) { return el.getBoundingClientRect(); });
    var ys = [];
    document.querySelectorAll("[data-break]").forEach(function (el) { ys.push(el.getBoundingClientRect().bottom); });
    var range = document.createRange();
    document.querySelectorAll("[data-text]").forEach(function (el) {
      range.selectNodeContents(el);
      var rects = range.getClientRects();
      for (var i = 0; i < rects.length; i++) ys.push(rects[i].bottom);
    });
    var ok = ys.map(function (y) { return Math.ceil(y); }).filter(function (y) {
      return y > 0 && y < height && !atoms.some(function (a) { return y > a.top + 0.5 && y < a.bottom - 0.5; });
    });
    ok.sort(function (a, b) { return a - b; });
    return { height: height, breaks: ok.filter(function (y, i) { return i === 0 || y !== ok[i - 1]; }) };
  };

  window.__jiedu = J;
})();`;
