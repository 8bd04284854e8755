// Search for the default theme of loa: reads the static index written at build time
// (src/search/ in loa describes its files) and shows results with highlighted excerpts.
// Its rules are the ones of src/search/fold.rs and src/search/query.rs, kept in step with them.
// Loaded only by the search page; without JavaScript that page links to topics and audiences.
(function (root) {
  'use strict';

  var MAX_TOKEN = 32;
  var TOKEN = /[\p{Alphabetic}\p{N}\u0300-\u036f]+/gu;
  var PAGE = 10;

  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  }

  // Tokens of text: folded form and UTF-16 range in the original.
  function tokens(text) {
    var out = [];
    var m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text))) {
      var piece = m[0];
      var chars = Array.from(piece);
      if (chars.length > MAX_TOKEN) piece = chars.slice(0, MAX_TOKEN).join('');
      out.push({ f: fold(piece), s: m.index, e: m.index + m[0].length });
    }
    return out;
  }

  function folded(text) {
    return tokens(text).map(function (t) { return t.f; });
  }

  function parse(q) {
    var runs = [];
    var phrases = [];
    var quoted = false;
    q.normalize('NFC').split(/["“”„]/).forEach(function (piece, i) {
      quoted = i % 2 === 1;
      var t = folded(piece);
      if (t.length) (quoted ? phrases : runs).push(t);
    });
    return { runs: runs, phrases: phrases };
  }

  function terms(query) {
    var out = [];
    function add(key, required) {
      for (var i = 0; i < out.length; i++) {
        if (out[i].key === key) { out[i].required = out[i].required || required; return; }
      }
      out.push({ key: key, required: required });
    }
    query.runs.forEach(function (run) {
      run.forEach(function (t) { add(t, true); });
      for (var i = 0; i + 1 < run.length; i++) add(run[i] + ' ' + run[i + 1], false);
    });
    query.phrases.forEach(function (p) {
      if (p.length === 1) add(p[0], true);
      for (var i = 0; i + 1 < p.length; i++) add(p[i] + ' ' + p[i + 1], true);
    });
    return out;
  }

  function fnv1a(bytes) {
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  var encoder = new TextEncoder();

  function varint(b, pos) {
    var v = 0;
    var mul = 1;
    for (;;) {
      var x = b[pos.i++];
      v += (x & 0x7f) * mul;
      if (x < 0x80) return v;
      mul *= 128;
    }
  }

  function decodeSet(b, pos, n) {
    var count = varint(b, pos);
    var kind = b[pos.i++];
    var ids = [];
    if (kind === 0) {
      var prev = 0;
      for (var k = 0; k < count; k++) {
        var gap = varint(b, pos);
        prev = k === 0 ? gap : prev + gap;
        ids.push(prev);
      }
    } else {
      var len = (n + 7) >> 3;
      for (var i = 0; i < len; i++) {
        var x = b[pos.i + i];
        for (var bit = 0; x && bit < 8; bit++) if (x & (1 << bit)) ids.push(i * 8 + bit);
      }
      pos.i += len;
    }
    return ids;
  }

  function postingsAt(b, pos, n) {
    var ids = decodeSet(b, pos, n);
    var nib = new Uint8Array(ids.length);
    for (var j = 0; j < ids.length; j++) nib[j] = (b[pos.i + (j >> 1)] >> ((j & 1) * 4)) & 15;
    return { ids: ids, nib: nib };
  }

  function hex8(h) {
    return ('0000000' + h.toString(16)).slice(-8);
  }

  // A term's postings, null when absent, or the path of the file that holds them.
  function findTerm(b, key, n) {
    var pos = { i: 0 };
    while (pos.i < b.length) {
      var len = varint(b, pos);
      var same = len === key.length;
      for (var k = 0; same && k < len; k++) same = b[pos.i + k] === key[k];
      pos.i += len;
      var rest = varint(b, pos);
      var end = pos.i + rest;
      if (same) return rest ? postingsAt(b, pos, n) : 't/' + hex8(fnv1a(key)) + '.bin';
      pos.i = end;
    }
    return null;
  }

  function weight(n) {
    return (n & 8 ? 1024 : 0) + (n & 4 ? 32 : 0) + (n & 3);
  }

  function search(ids, id) {
    var lo = 0;
    var hi = ids.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (ids[mid] === id) return mid;
      if (ids[mid] < id) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
  }

  function rank(ts, postings, allowed) {
    var none = { ids: [], nib: [] };
    var get = function (k) { return postings[k] || none; };
    var req = ts.filter(function (t) { return t.required; }).map(function (t) { return get(t.key); });
    var cand;
    if (req.length) {
      req.sort(function (a, b) { return a.ids.length - b.ids.length; });
      cand = req[0].ids.filter(function (id) {
        for (var i = 1; i < req.length; i++) if (search(req[i].ids, id) < 0) return false;
        return true;
      });
      if (allowed) cand = cand.filter(function (id) { return search(allowed, id) >= 0; });
    } else {
      cand = allowed ? allowed.slice() : [];
    }
    var hits = cand.map(function (id) {
      var score = 0;
      ts.forEach(function (t) {
        var p = get(t.key);
        var k = search(p.ids, id);
        if (k >= 0) score += weight(p.nib[k]);
      });
      return { id: id, score: score };
    });
    hits.sort(function (a, b) { return b.score - a.score || b.id - a.id; });
    return hits;
  }

  function hasPhrase(text, phrase) {
    outer: for (var i = 0; i + phrase.length <= text.length; i++) {
      for (var k = 0; k < phrase.length; k++) if (text[i + k] !== phrase[k]) continue outer;
      return true;
    }
    return false;
  }

  // The index of one language, read through fetchBytes(path) → Promise<Uint8Array>.
  function Index(fetchBytes) {
    this.fetchBytes = fetchBytes;
    this.shards = {};
    this.lists = {};
    this.fragments = {};
  }

  Index.prototype.open = function () {
    var self = this;
    return this.fetchBytes('index.json').then(function (b) {
      self.manifest = JSON.parse(new TextDecoder().decode(b));
      return self.manifest;
    });
  };

  Index.prototype.shard = function (n) {
    if (!this.shards[n]) this.shards[n] = this.fetchBytes('s/' + n.toString(16) + '.bin');
    return this.shards[n];
  };

  Index.prototype.list = function (file) {
    var n = this.manifest.n;
    if (!this.lists[file]) this.lists[file] = this.fetchBytes(file).then(function (b) { return decodeSet(b, { i: 0 }, n); });
    return this.lists[file];
  };

  Index.prototype.fragment = function (id) {
    if (!this.fragments[id]) {
      this.fragments[id] = this.fetchBytes('f/' + id + '.json').then(function (b) {
        var f = JSON.parse(new TextDecoder().decode(b));
        f.id = id;
        return f;
      });
    }
    return this.fragments[id];
  };

  // filters: { a: slug, t: slug, c: slug }. Resolves to { query, hits, check }.
  Index.prototype.run = function (q, filters) {
    var self = this;
    var m = this.manifest;
    var query = parse(q);
    var ts = terms(query);
    var postings = {};
    var jobs = ts.map(function (t) {
      var key = encoder.encode(t.key);
      return self.shard(fnv1a(key) & (m.s - 1)).then(function (b) {
        var p = findTerm(b, key, m.n);
        if (typeof p === 'string') {
          return self.fetchBytes(p).then(function (own) { postings[t.key] = postingsAt(own, { i: 0 }, m.n); });
        }
        if (p) postings[t.key] = p;
      });
    });
    var sets = [];
    Object.keys(filters || {}).forEach(function (key) {
      var value = (m.filters[key] || []).filter(function (v) { return v[0] === filters[key]; })[0];
      if (value) jobs.push(self.list(value[2]).then(function (ids) { sets.push(ids); }));
    });
    return Promise.all(jobs).then(function () {
      var allowed = null;
      sets.forEach(function (ids) {
        allowed = allowed ? allowed.filter(function (id) { return search(ids, id) >= 0; }) : ids;
      });
      if (!ts.length && !allowed) return { query: query, hits: [], check: [] };
      return {
        query: query,
        hits: rank(ts, postings, allowed),
        check: query.phrases.filter(function (p) { return p.length >= 3; }),
      };
    });
  };

  // The next `count` results from hits[from...] whose text has the phrases in order.
  Index.prototype.page = function (result, from, count) {
    var self = this;
    var shown = [];
    var next = from;
    function step() {
      if (shown.length >= count || next >= result.hits.length) return Promise.resolve({ shown: shown, next: next });
      var batch = result.hits.slice(next, next + count - shown.length);
      next += batch.length;
      return Promise.all(batch.map(function (h) { return self.fragment(h.id); })).then(function (frags) {
        frags.forEach(function (f) {
          var ok = f.c || result.check.every(function (p) {
            return [f.t, f.s, f.x].some(function (text) { return hasPhrase(folded(text || ''), p); });
          });
          if (ok) shown.push(f);
        });
        return step();
      });
    }
    return step();
  };

  var api = { fold: fold, tokens: tokens, parse: parse, terms: terms, fnv1a: fnv1a, Index: Index, PAGE: PAGE };
  if (typeof module === 'object' && module.exports) module.exports = api;
  if (typeof document === 'undefined') return;

  // ---------------------------------------------------------------------------------------
  // The page.

  var form = document.getElementById('tim-kiem');
  if (!form) return;
  var data = form.dataset;
  var input = document.getElementById('tu-khoa');
  var status = document.getElementById('trang-thai');
  var list = document.getElementById('ket-qua');
  var more = document.getElementById('xem-them');
  var filterBox = document.getElementById('bo-loc');
  var browse = document.getElementById('duyet');
  var base = data.index;
  var index = new Index(function (path) {
    return fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ': ' + r.status);
      return r.arrayBuffer();
    }).then(function (b) { return new Uint8Array(b); });
  });
  var selects = {};
  var current = null;
  var shownFrom = 0;
  var run = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // Appends text to parent with the tokens whose folded form is in `want` marked; neighbouring
  // marked tokens share one <mark>.
  function highlight(parent, text, want) {
    var last = 0;
    var mark = null;
    tokens(text).forEach(function (t) {
      if (!want.has(t.f)) return;
      var gap = text.slice(last, t.s);
      if (mark && /^\s*$/.test(gap)) {
        mark.textContent += gap + text.slice(t.s, t.e);
      } else {
        parent.appendChild(document.createTextNode(gap));
        mark = parent.appendChild(el('mark', null, text.slice(t.s, t.e)));
      }
      last = t.e;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // About 30 syllables of text around the densest cluster of query syllables.
  function excerpt(text, want, phrases) {
    var ts = tokens(text);
    var best = -1;
    var bestCount = 0;
    var folds = ts.map(function (t) { return t.f; });
    phrases.forEach(function (p) {
      if (best >= 0) return;
      for (var i = 0; i + p.length <= folds.length; i++) {
        if (p.every(function (s, k) { return folds[i + k] === s; })) { best = i; bestCount = 99; break; }
      }
    });
    if (best < 0) {
      for (var i = 0; i < ts.length; i++) {
        if (!want.has(ts[i].f)) continue;
        var seen = new Set();
        for (var k = i; k < Math.min(ts.length, i + 24); k++) if (want.has(ts[k].f)) seen.add(ts[k].f);
        if (seen.size > bestCount) { bestCount = seen.size; best = i; }
      }
    }
    if (best < 0) return null;
    var from = Math.max(0, best - 6);
    var to = Math.min(ts.length - 1, from + 30);
    var start = from === 0 ? 0 : ts[from].s;
    var end = to === ts.length - 1 ? text.length : ts[to].e;
    return { text: text.slice(start, end), before: start > 0, after: end < text.length, count: bestCount };
  }

  function renderHit(f, query) {
    var want = new Set([].concat.apply([], query.runs.concat(query.phrases)));
    var li = el('li', 'search-hit');
    var h = li.appendChild(el('h2', 'search-hit-title'));
    var a = h.appendChild(el('a'));
    a.href = f.u;
    highlight(a, f.t, want);
    var meta = li.appendChild(el('p', 'search-hit-meta'));
    meta.appendChild(el('span', 'search-hit-kind', data['k' + f.k] || ''));
    if (f.d) meta.appendChild(document.createTextNode(' · ' + f.d));
    var body = excerpt(f.x || '', want, query.phrases);
    var lead = excerpt(f.s || '', want, query.phrases);
    var pick = body && (!lead || body.count >= lead.count) ? body : lead;
    var p = li.appendChild(el('p', 'search-hit-excerpt'));
    if (pick) {
      highlight(p, (pick.before ? '… ' : '') + pick.text + (pick.after ? ' …' : ''), want);
    } else {
      p.textContent = (f.s || f.x || '').slice(0, 200);
    }
    return li;
  }

  function say(text) {
    status.textContent = text;
  }

  function showMore() {
    var mine = run;
    more.hidden = true;
    return index.page(current, shownFrom, PAGE).then(function (r) {
      if (mine !== run) return;
      r.shown.forEach(function (f) { list.appendChild(renderHit(f, current.query)); });
      shownFrom = r.next;
      more.hidden = shownFrom >= current.hits.length;
      var exact = !current.check.length || shownFrom >= current.hits.length;
      var total = exact ? list.children.length + (current.hits.length - shownFrom) : current.hits.length;
      say(total ? (exact ? data.tCount : data.tAbout).replace('{n}', total.toLocaleString(document.documentElement.lang)) : data.tNone);
    });
  }

  function filters() {
    var f = {};
    Object.keys(selects).forEach(function (k) { if (selects[k].value) f[k] = selects[k].value; });
    return f;
  }

  function showFilters(on) {
    filterBox.hidden = !on || !Object.keys(selects).length;
  }

  function go(push) {
    var q = input.value.trim();
    var f = filters();
    var params = new URLSearchParams();
    if (q) params.set('q', q);
    Object.keys(f).forEach(function (k) { params.set(k, f[k]); });
    var url = location.pathname + (params.toString() ? '?' + params : '');
    if (push) history.replaceState(null, '', url);
    var mine = ++run;
    list.textContent = '';
    more.hidden = true;
    if (!q && !Object.keys(f).length) {
      say('');
      browse.hidden = false;
      return Promise.resolve();
    }
    browse.hidden = true;
    showFilters(true);
    say(data.tLoading);
    return index.run(q, f).then(function (result) {
      if (mine !== run) return;
      current = result;
      shownFrom = 0;
      return showMore();
    }).catch(function () {
      if (mine === run) say(data.tError);
    });
  }

  function buildFilters(manifest, params) {
    [['a', data.tA], ['t', data.tT], ['c', data.tC]].forEach(function (pair) {
      var values = manifest.filters[pair[0]] || [];
      if (!values.length) return;
      var wrap = filterBox.appendChild(el('div', 'search-filter'));
      var label = wrap.appendChild(el('label', null, pair[1]));
      var select = wrap.appendChild(el('select'));
      select.id = label.htmlFor = 'loc-' + pair[0];
      select.name = pair[0];
      select.appendChild(el('option', null, data.tAll)).value = '';
      values.forEach(function (v) {
        var o = select.appendChild(el('option', null, v[1] + ' (' + v[3] + ')'));
        o.value = v[0];
      });
      select.value = params.get(pair[0]) || '';
      select.addEventListener('change', function () { go(true); });
      selects[pair[0]] = select;
    });
    // The filters appear with the first search, not when the index opens: a box shown before
    // the reader does anything would push the page down under their thumb.
    showFilters(params.get('q') || Object.keys(filters()).length);
    // A filtered address opens the folded filters, so the reader sees what narrows the results.
    filterBox.open = Object.keys(selects).some(function (k) { return selects[k].value; });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    go(true);
  });
  more.addEventListener('click', function () { showMore(); });
  var params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  index.open().then(function (manifest) {
    buildFilters(manifest, params);
    return go(false);
  }).catch(function () { say(data.tError); });
})(this);
