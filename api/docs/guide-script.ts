/**
 * The guides' one script, served as /docs/assets/guides.js (the pages allow no inline script):
 * a Copy button on every code block, and the search box beside the navigation, which fetches
 * /docs/search.json once and shows the sections holding every word typed. Without it the guides
 * still read; only copying and searching need it.
 */
export const GUIDE_SCRIPT = `(function () {
  'use strict';

  function copyText(text, button) {
    function done(ok) {
      button.textContent = ok ? 'Copied' : 'Press Ctrl+C';
      setTimeout(function () { button.textContent = 'Copy'; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    // Over plain http away from localhost the clipboard API is missing: copy a selection instead.
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    done(ok);
  }

  function addCopyButtons() {
    var blocks = document.querySelectorAll('[data-testid="docs-guide"] pre');
    Array.prototype.forEach.call(blocks, function (pre) {
      var code = pre.querySelector('code') || pre;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-code';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', 'Copy this code');
      button.addEventListener('click', function () { copyText(code.textContent.replace(/\\n$/, ''), button); });
      pre.classList.add('has-copy');
      pre.insertBefore(button, pre.firstChild);
    });
  }

  var index = null;
  function loadIndex() {
    if (!index) {
      index = fetch('/docs/search.json', { headers: { accept: 'application/json' } }).then(function (r) {
        if (!r.ok) throw new Error('search index: ' + r.status);
        return r.json();
      });
    }
    return index;
  }

  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    if (at < 0) return text.slice(0, 140);
    var start = Math.max(0, at - 60);
    return (start > 0 ? '…' : '') + text.slice(start, start + 160) + (start + 160 < text.length ? '…' : '');
  }

  /** Sections holding every word, headings' words counting most; at most ten. */
  function search(sections, query) {
    var words = query.toLowerCase().split(/\\s+/).filter(Boolean);
    if (!words.length) return [];
    return sections
      .map(function (s) {
        var heading = s.heading.toLowerCase();
        var text = s.text.toLowerCase();
        var score = 0;
        for (var i = 0; i < words.length; i++) {
          var inHeading = heading.indexOf(words[i]) >= 0;
          var inText = text.indexOf(words[i]) >= 0;
          if (!inHeading && !inText) return null;
          score += (inHeading ? 5 : 0) + (inText ? 1 : 0);
        }
        return { section: s, score: score };
      })
      .filter(Boolean)
      .sort(function (a, b) { return b.score - a.score; })
      .slice(0, 10)
      .map(function (hit) { return hit.section; });
  }

  function show(list, hits, query) {
    list.textContent = '';
    if (!query.trim()) { list.hidden = true; return; }
    list.hidden = false;
    if (!hits.length) {
      var none = document.createElement('li');
      none.textContent = 'Nothing in the guides matches.';
      list.appendChild(none);
      return;
    }
    var first = query.toLowerCase().split(/\\s+/).filter(Boolean)[0];
    hits.forEach(function (s) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = s.url;
      link.textContent = s.heading === s.guide ? s.guide : s.guide + ' › ' + s.heading;
      var text = document.createElement('small');
      text.textContent = snippet(s.text, first);
      item.appendChild(link);
      item.appendChild(document.createElement('br'));
      item.appendChild(text);
      list.appendChild(item);
    });
  }

  function wireSearch() {
    var input = document.getElementById('docs-search');
    var list = document.getElementById('docs-search-results');
    if (!input || !list) return;
    var form = input.form;
    if (form) form.addEventListener('submit', function (event) { event.preventDefault(); });
    var pending = 0;
    input.addEventListener('input', function () {
      var query = input.value;
      var mine = ++pending;
      loadIndex().then(function (sections) {
        if (mine === pending) show(list, search(sections, query), query);
      }, function () {
        list.hidden = false;
        list.textContent = 'The search is unavailable.';
      });
    });
  }

  addCopyButtons();
  wireSearch();
})();
`;
