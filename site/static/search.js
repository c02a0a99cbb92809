/* kbsite search: the client side of src/search.rs.
 *
 * The index is a set of small JavaScript files under <locale>/search/ that call back into
 * `kbsearch` (so they load from file:// as well as from any static host): meta.js, one shard
 * per term prefix (t/<hex>.js) and the documents in chunks (d/<n>.js). A query loads meta.js,
 * the stemmers it needs, the shards of its terms and the chunks of the results it shows.
 *
 * Words, terms and code notations follow the rules documented in src/search.rs; the table in
 * tests/search/tokens.json is checked against both implementations.
 */
(function (root) {
  'use strict';

  // ---------- Shared rules (mirror src/search.rs) ----------

  var MAX_TOKEN = 40;
  var MAX_WORDS = 6;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var CYRILLIC = /[\u0400-\u04ff]/;
  var NUMERIC = /^\p{N}+$/u;
  var FOLD = {};
  [
    ['aàáâãäåāăą'], ['cçćč'], ['dďđ'], ['eèéêëēėęě'], ['iìíîïīį'], ['lł'], ['nñńň'],
    ['oòóôõöøōő'], ['rř'], ['sśšş'], ['tťţ'], ['uùúûüūůűų'], ['yýÿ'], ['zźżž']
  ].forEach(function (row) {
    var chars = Array.from(row[0]);
    chars.slice(1).forEach(function (c) { FOLD[c] = chars[0]; });
  });
  FOLD['æ'] = 'ae';
  FOLD['œ'] = 'oe';
  FOLD['ß'] = 'ss';

  /** The words of `text`: runs of letters and digits, lowercased, 2 to MAX_TOKEN long. */
  function words(text) {
    var out = [];
    var found = String(text).match(WORD) || [];
    for (var i = 0; i < found.length; i++) {
      var n = Array.from(found[i]).length;
      if (n >= 2 && n <= MAX_TOKEN) out.push(found[i].toLowerCase());
    }
    return out;
  }

  function fold(word) {
    var out = '';
    for (var c of word) out += FOLD[c] || c;
    return out;
  }

  /** The stemmer a locale's own text uses: 'russian', 'swedish', 'english' or null. */
  function langOf(locale) {
    var l = String(locale).split('-')[0];
    return l === 'ru' ? 'russian' : l === 'sv' ? 'swedish' : l === 'en' ? 'english' : null;
  }

  var stemmerCache = {};
  function stem(algorithm, word) {
    var s = stemmerCache[algorithm];
    if (!s) {
      var Class = root[algorithm.charAt(0).toUpperCase() + algorithm.slice(1) + 'Stemmer'];
      if (!Class) return null;
      s = stemmerCache[algorithm] = new Class();
    }
    return s.stemWord(word);
  }

  /** Which stemmer a lowercased word takes in text of language `lang` (see Stemmers::term). */
  function stemmerFor(word, lang) {
    if (NUMERIC.test(word)) return null;
    if (CYRILLIC.test(word)) return 'russian';
    if (lang === 'swedish') return 'swedish';
    if (lang === 'english' || lang === 'russian') return 'english';
    return null;
  }

  /** The index term of a lowercased word in text of language `lang`. */
  function term(word, lang) {
    var w = word.replace(/ё/g, 'е');
    var algorithm = stemmerFor(w, lang);
    var stemmed = algorithm ? stem(algorithm, w) : w;
    return fold(stemmed === null ? w : stemmed);
  }

  // ---------- Queries ----------

  var CODE = /(^|[^\p{Alphabetic}\p{N}.])([245])[.\s\-]{1,3}(\d{1,3})[.\s\-]{1,3}(\d{1,3})(?![\p{Alphabetic}\p{N}]|\.\d)/gu;
  var CODE_PREFIX = /(^|[^\p{Alphabetic}\p{N}.])([245])\.(\d{1,3})\.?$/u;
  var COMPACT = /(^|[^\p{N}.])([245])(\d{3,6})(?![\p{N}.])/gu;
  var REPLY = /(^|[^\p{N}.])([245]\d\d)(?![\p{N}.])/gu;

  /** The stemmers a query needs on a site of language `lang`. */
  function stemmersFor(query, lang) {
    var need = {};
    words(query).forEach(function (w) {
      [stemmerFor(w, lang), stemmerFor(w, 'english')].forEach(function (a) { if (a) need[a] = true; });
    });
    return Object.keys(need).sort();
  }

  /**
   * A query as groups of alternative terms. A document's score adds, for each group, the best
   * weight of the group's terms it has. `prefix` (the last word while typing) also matches
   * longer terms.
   */
  function parse(query, lang) {
    var groups = [];
    var text = ' ' + String(query).toLowerCase() + ' ';
    var blank = function (m, lead) { return lead + ' '.repeat(m.length - lead.length); };
    text = text.replace(CODE, function (m, lead, c, s, d) {
      groups.push({ terms: [c + '.' + s + '.' + d], kind: 'code' });
      return blank(m, lead);
    });
    var prefix = text.trimEnd().match(CODE_PREFIX);
    if (prefix) {
      groups.push({ terms: [prefix[2] + '.' + prefix[3]], kind: 'code' });
      text = text.trimEnd().replace(CODE_PREFIX, function (m, lead) { return blank(m, lead); }) + ' ';
    }
    text = text.replace(COMPACT, function (m, lead, c, rest) {
      var terms = [];
      for (var i = 1; i <= 3 && i < rest.length; i++) {
        var s = rest.slice(0, i);
        var d = rest.slice(i);
        if (d.length <= 3) terms.push(c + '.' + s + '.' + d);
      }
      if (!terms.length) return m;
      groups.push({ terms: terms, kind: 'code' });
      return blank(m, lead);
    });
    text = text.replace(REPLY, function (m, lead, r) {
      groups.push({ terms: [r], kind: 'reply' });
      return blank(m, lead);
    });
    // A pasted bounce message can be long: its first MAX_WORDS words are plenty to rank by,
    // and each word may cost one index file.
    var ws = words(text).slice(0, MAX_WORDS);
    var typing = !/\s$/.test(String(query)) && ws.length > 0;
    ws.forEach(function (w, i) {
      var terms = [term(w, lang)];
      var english = term(w, 'english');
      if (terms.indexOf(english) < 0) terms.push(english);
      var group = { terms: terms, kind: 'word' };
      if (typing && i === ws.length - 1) group.prefix = fold(w.replace(/ё/g, 'е'));
      groups.push(group);
    });
    return groups;
  }

  // ---------- Index files ----------

  var state = { meta: null, shards: {}, docs: {}, loading: {} };

  function loadScript(url) {
    if (!state.loading[url]) {
      state.loading[url] = new Promise(function (resolve) {
        var s = document.createElement('script');
        s.src = url;
        s.async = true;
        s.onload = function () { resolve(true); };
        s.onerror = function () { resolve(false); };
        document.head.appendChild(s);
      });
    }
    return state.loading[url];
  }

  function hex(key) {
    var out = '';
    new TextEncoder().encode(key).forEach(function (b) { out += (b < 16 ? '0' : '') + b.toString(16); });
    return out;
  }

  /** The shard holding `term`: the longest shard key that is a prefix of it. */
  function shardKey(keys, term) {
    var chars = Array.from(term);
    for (var n = chars.length; n > 0; n--) {
      var k = chars.slice(0, n).join('');
      if (keys.has(k)) return k;
    }
    return null;
  }

  function decode(list) {
    var out = [];
    var doc = 0;
    for (var i = 0; i + 1 < list.length; i += 2) {
      doc += list[i];
      out.push([doc, list[i + 1]]);
    }
    return out;
  }

  // ---------- Search ----------

  function Search(base, staticBase, locale) {
    this.base = base;
    this.staticBase = staticBase;
    this.lang = langOf(locale);
    this.keys = null;
  }

  Search.prototype.ready = function () {
    var self = this;
    return loadScript(this.base + 'meta.js').then(function (ok) {
      if (!ok || !state.meta) throw new Error('meta');
      self.keys = new Set(state.meta.shards);
      self.lang = state.meta.lang;
      return state.meta;
    });
  };

  Search.prototype.run = function (query, limit) {
    var self = this;
    return this.ready().then(function () {
      var loads = stemmersFor(query, self.lang).map(function (a) {
        return loadScript(self.staticBase + 'stemmers/' + a + '.js');
      });
      return Promise.all(loads);
    }).then(function () {
      var groups = parse(query, self.lang);
      var keys = {};
      groups.forEach(function (g) {
        g.terms.concat(g.prefix ? [g.prefix] : []).forEach(function (t) {
          var k = shardKey(self.keys, t);
          if (k !== null) keys[k] = true;
        });
      });
      return Promise.all(Object.keys(keys).map(function (k) {
        return loadScript(self.base + 't/' + hex(k) + '.js');
      })).then(function () { return self.rank(groups, limit); });
    }).then(function (ranked) {
      var chunk = state.meta.chunk;
      var need = {};
      ranked.top.forEach(function (r) { need[Math.floor(r.doc / chunk)] = true; });
      return Promise.all(Object.keys(need).map(function (n) {
        return loadScript(self.base + 'd/' + n + '.js');
      })).then(function () {
        ranked.results = ranked.top.map(function (r) {
          var row = (state.docs[Math.floor(r.doc / chunk)] || [])[r.doc % chunk];
          return row && { url: row[0], title: row[1], code: row[2], reply: row[3], article: row[4], score: r.score };
        }).filter(Boolean);
        return ranked;
      });
    });
  };

  Search.prototype.postings = function (t) {
    var k = shardKey(this.keys, t);
    var shard = k === null ? null : state.shards[k];
    return shard && shard[t] ? decode(shard[t]) : [];
  };

  Search.prototype.rank = function (groups, limit) {
    var self = this;
    var scores = new Map();
    groups.forEach(function (g) {
      var best = new Map();
      var add = function (list, factor) {
        list.forEach(function (p) {
          var w = p[1] * factor;
          if (!(best.get(p[0]) >= w)) best.set(p[0], w);
        });
      };
      g.terms.forEach(function (t) { add(self.postings(t), 1); });
      if (g.prefix && Array.from(g.prefix).length >= 2) {
        var k = shardKey(self.keys, g.prefix);
        var shard = k === null ? null : state.shards[k];
        var expanded = 0;
        if (shard) {
          for (var t in shard) {
            if (expanded >= 50) break;
            if (t.length > g.prefix.length && t.indexOf(g.prefix) === 0 && g.terms.indexOf(t) < 0) {
              add(decode(shard[t]), 0.6);
              expanded++;
            }
          }
        }
      }
      best.forEach(function (w, doc) {
        var s = scores.get(doc) || { code: 0, score: 0, groups: 0 };
        if (g.kind === 'code') s.code += w;
        else s.score += w;
        s.groups += 1;
        scores.set(doc, s);
      });
    });
    // A code the query names decides first (a pasted bounce line has many other words);
    // then the words, weighted by the share of the query's groups a document matches.
    var all = [];
    scores.forEach(function (s, doc) {
      all.push({ doc: doc, code: s.code, score: s.score * s.groups / groups.length });
    });
    all.sort(function (a, b) { return b.code - a.code || b.score - a.score || a.doc - b.doc; });
    return { total: all.length, top: all.slice(0, limit) };
  };

  // ---------- The page ----------

  function plural(forms, n, locale) {
    var category = 'other';
    try { category = new Intl.PluralRules(locale).select(n); } catch (e) { /* keep other */ }
    var form = forms[category] || forms.other || '{n}';
    return form.replace('{n}', String(n));
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The element `tag` showing the UI string `key` of `ui` (`text`: its formatted form),
  // with the `lang` of that string when it falls back to another language than the page's.
  function uiElement(tag, className, ui, key, text) {
    var e = element(tag, className, text);
    var lang = ui.lang && ui.lang[key];
    if (lang) e.lang = lang;
    return e;
  }

  function setup() {
    var form = document.getElementById('search-form');
    var input = document.getElementById('search-input');
    var box = document.getElementById('search-results');
    if (!form || !input || !box) return;
    var locale = form.getAttribute('data-lang') || document.documentElement.lang;
    var base = new URL(form.getAttribute('data-search'), location.href).href;
    var localeRoot = new URL('../', base).href;
    var staticBase = new URL(form.getAttribute('data-static'), location.href).href;
    var search = new Search(base, staticBase, locale);
    var popup = box.classList.contains('search-popup');
    var status = document.getElementById('search-status');
    var limit = popup ? 10 : 50;
    var timer = null;
    var seq = 0;
    var started = 0;

    function show(visible) {
      if (popup) box.hidden = !visible;
    }

    function clear() {
      box.textContent = '';
      box.removeAttribute('data-query');
      if (status) status.textContent = '';
      show(false);
    }

    function render(query, ranked, ms) {
      var ui = state.meta.ui;
      box.textContent = '';
      var count = plural(ui.results, ranked.total, locale);
      if (status) {
        status.textContent = count;
        if (ui.lang && ui.lang.results) status.lang = ui.lang.results;
        else status.removeAttribute('lang');
      }
      if (!ranked.results.length) {
        var empty = element('p', 'search-empty');
        if (!status) empty.appendChild(uiElement('span', '', ui, 'results', count + '. '));
        empty.appendChild(uiElement('span', '', ui, 'none', ui.none));
        box.appendChild(empty);
      } else if (popup) {
        box.appendChild(uiElement('p', 'search-count', ui, 'results', count));
      }
      ranked.results.forEach(function (r) {
        var a = element('a', 'search-result');
        a.href = new URL(r.url, localeRoot).href;
        a.setAttribute('role', 'option');
        a.setAttribute('aria-selected', 'false');
        if (r.code) a.setAttribute('data-code', r.code);
        a.appendChild(r.code
          ? element('span', 'r-code', (r.reply ? r.reply + ' ' : '') + r.code)
          : uiElement('span', 'r-code', ui, 'section', ui.section));
        a.appendChild(element('span', 'r-title', r.title));
        if (r.article && r.article !== r.title) a.appendChild(element('span', 'r-article', r.article));
        box.appendChild(a);
      });
      box.setAttribute('data-query', query);
      box.setAttribute('data-ms', String(Math.round(ms * 10) / 10));
      show(true);
    }

    function run(query) {
      var mine = ++seq;
      if (!query.trim()) {
        clear();
        return;
      }
      search.run(query, limit).then(function (ranked) {
        if (mine === seq) render(query, ranked, performance.now() - started);
      }, function () {
        if (mine !== seq) return;
        box.textContent = '';
        box.appendChild(state.meta
          ? uiElement('p', 'search-empty', state.meta.ui, 'failed', state.meta.ui.failed)
          : uiElement('p', 'search-empty', { lang: { failed: 'en' } }, 'failed', 'Search index not found'));
        show(true);
      });
    }

    function selected() {
      return box.querySelector('a[aria-selected="true"]');
    }

    function move(step) {
      var links = Array.prototype.slice.call(box.querySelectorAll('a'));
      if (!links.length) return;
      var i = links.indexOf(selected());
      if (i >= 0) links[i].setAttribute('aria-selected', 'false');
      i = i < 0 ? (step > 0 ? 0 : links.length - 1) : (i + step + links.length) % links.length;
      links[i].setAttribute('aria-selected', 'true');
      links[i].scrollIntoView({ block: 'nearest' });
    }

    input.addEventListener('input', function () {
      started = performance.now();
      clearTimeout(timer);
      var query = input.value;
      timer = setTimeout(function () {
        run(query);
        if (!popup) {
          try {
            var url = new URL(location.href);
            url.searchParams.set('q', query);
            history.replaceState(null, '', url.href);
          } catch (e) { /* file:// may refuse; the results are shown anyway */ }
        }
      }, 30);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        move(e.key === 'ArrowDown' ? 1 : -1);
      } else if (e.key === 'Enter') {
        var a = selected();
        if (a) {
          e.preventDefault();
          location.href = a.href;
        }
      } else if (e.key === 'Escape') {
        input.value = '';
        clear();
      }
    });
    input.addEventListener('focus', function () {
      if (box.querySelector('a, p')) show(true);
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      var editing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key === '/' && !editing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
    document.addEventListener('click', function (e) {
      if (popup && !form.contains(e.target)) show(false);
    });
    if (!popup) {
      var q = new URLSearchParams(location.search).get('q');
      if (q) {
        input.value = q;
        started = performance.now();
        run(q);
      }
    }
  }

  var api = {
    words: words, fold: fold, term: term, parse: parse, langOf: langOf, shardKey: shardKey, hex: hex,
    meta: function (m) { state.meta = m; },
    shard: function (key, data) { state.shards[key] = data; },
    docs: function (n, rows) { state.docs[n] = rows; }
  };
  root.kbsearch = api;
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
    else setup();
  }
})(typeof globalThis !== 'undefined' ? globalThis : this);
