
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var D = JSON.parse(document.getElementById('plancov-data').textContent);
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function marked(s, ranges) {
    var frag = document.createDocumentFragment();
    var rs = ranges.slice().sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
    var at = 0;
    rs.forEach(function (r) {
      var a = Math.max(r[0], at), b = Math.min(r[1], s.length);
      if (b <= a) return;
      if (a > at) frag.appendChild(document.createTextNode(s.slice(at, a)));
      frag.appendChild(el('mark', null, s.slice(a, b)));
      at = b;
    });
    if (at < s.length) frag.appendChild(document.createTextNode(s.slice(at)));
    return frag;
  }
  function showTab(family) {
    document.querySelectorAll('.tab').forEach(function (t) {
      var on = t.getAttribute('data-tab') === family;
      t.classList.toggle('on', on);
      t.setAttribute('aria-selected', on ? 'true' : 'false');
    });
    document.querySelectorAll('.matrix').forEach(function (m) {
      m.classList.toggle('on', m.getAttribute('data-family') === family);
    });
  }
  function openAnchor(id) {
    var target = document.getElementById(id);
    if (!target) return false;
    var d = target.closest('details');
    if (d) d.open = true;
    var lit = target.classList.contains('anchor') ? target.nextElementSibling || target : target;
    lit.scrollIntoView({ block: 'center' });
    var lines = [lit];
    for (var n = lit.nextElementSibling; n && n.classList.contains('st') && lines.length < 40; n = n.nextElementSibling) {
      lines.push(n);
    }
    lines.forEach(function (l) {
      if (l.classList.contains('anchor')) return;
      l.classList.add('flash');
      setTimeout(function () { l.classList.remove('flash'); }, 2500);
    });
    return true;
  }
  function activityItem(id, a, family, code) {
    var li = el('li');
    li.setAttribute('data-activity-id', id);
    var meta = el('div', 'meta');
    var link = el('a', 'aid', id);
    link.href = '#' + encodeURIComponent(a.anchor);
    link.title = 'Visa i planens text';
    link.addEventListener('click', function (ev) {
      if (openAnchor(a.anchor)) ev.preventDefault();
    });
    meta.appendChild(link);
    meta.appendChild(el('span', null, a.plan));
    meta.appendChild(el('span', null, 's. ' + a.page + ', tecken ' + a.off));
    meta.appendChild(el('span', null, a.rubrik));
    if (a.status) meta.appendChild(el('span', null, a.status));
    if (a.also && a.also.length) meta.appendChild(el('span', null, 'även i ' + a.also.join(', ')));
    if (a.rv && a.rv.length) {
      li.classList.add('review');
      meta.appendChild(el('span', 'granska', 'granska'));
    }
    li.appendChild(meta);
    var ev = (a.ev || []).filter(function (e) { return e.f === family && e.c === code; });
    var inS = [], inD = [];
    ev.forEach(function (e) {
      if (e.z === 's') inS.push([e.a, e.b]);
      if (e.z === 'd') inD.push([e.a, e.b]);
    });
    var p = el('p', 'stmt');
    p.appendChild(marked(a.s, inS));
    li.appendChild(p);
    if (a.d && a.d.length) {
      var d = el('p', 'desc');
      d.appendChild(marked(a.d.length > 600 && !inD.length ? a.d.slice(0, 600) + ' …' : a.d, inD));
      li.appendChild(d);
    }
    var why = el('ul', 'why');
    if (family === 'goal') {
      why.appendChild(el('li', null, a.gr));
    }
    ev.forEach(function (e) {
      var item = el('li');
      item.appendChild(document.createTextNode('Regel '));
      item.appendChild(el('code', null, e.rule));
      if (e.m) {
        item.appendChild(document.createTextNode(' – ”' + e.m + '” i ' + e.place + ', s. ' + e.page + ', tecken ' + e.off));
      } else {
        item.appendChild(document.createTextNode(' – ' + e.place));
      }
      why.appendChild(item);
    });
    (a.rv || []).forEach(function (r) { why.appendChild(el('li', 'granska', 'Granska: ' + r)); });
    if (why.childNodes.length) li.appendChild(why);
    return li;
  }
  function showCell(btn) {
    var family = btn.getAttribute('data-family');
    var m = D.matrices[family];
    if (!m) return;
    var oi = Number(btn.getAttribute('data-oi')), ci = Number(btn.getAttribute('data-ci'));
    var ids = (m.ids[oi] || [])[ci] || [];
    var box = btn.closest('.matrix');
    box.querySelectorAll('button.cell.selected').forEach(function (b) { b.classList.remove('selected'); });
    btn.classList.add('selected');
    var panel = box.querySelector('.detail');
    panel.replaceChildren();
    var head = el('div', 'detail-head');
    head.appendChild(el('h4', null, m.owners[oi] + ' · ' + m.names[ci]));
    head.appendChild(el('span', 'count', ids.length + (ids.length === 1 ? ' aktivitet' : ' aktiviteter')));
    var only = el('label', 'filter');
    var cb = el('input');
    cb.type = 'checkbox';
    cb.className = 'only-review';
    only.appendChild(cb);
    only.appendChild(document.createTextNode(' bara att granska'));
    cb.addEventListener('change', function () {
      panel.querySelectorAll('ol.acts > li').forEach(function (li) {
        li.hidden = cb.checked && !li.classList.contains('review');
      });
    });
    head.appendChild(only);
    var close = el('button', 'close', 'Stäng');
    close.type = 'button';
    close.addEventListener('click', function () {
      panel.hidden = true;
      btn.classList.remove('selected');
      btn.focus();
    });
    head.appendChild(close);
    panel.appendChild(head);
    var list = el('ol', 'acts');
    ids.forEach(function (id) {
      var a = D.acts[id];
      if (a) list.appendChild(activityItem(id, a, family, m.codes[ci]));
    });
    panel.appendChild(list);
    panel.hidden = false;
    panel.scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var cell = t.closest('button.cell');
    if (cell) { showCell(cell); return; }
    var tab = t.closest('.tab');
    if (tab) { showTab(tab.getAttribute('data-tab')); return; }
    var pg = t.closest('a.pg');
    if (pg) {
      var id = decodeURIComponent(pg.getAttribute('href').slice(1));
      if (openAnchor(id)) ev.preventDefault();
    }
  });
  var filter = document.getElementById('flag-filter');
  if (filter) {
    filter.addEventListener('change', function () {
      var k = filter.value;
      document.querySelectorAll('#flags tbody tr').forEach(function (tr) {
        tr.hidden = !!k && tr.getAttribute('data-kind') !== k;
      });
    });
  }
  var first = document.querySelector('.tab');
  if (first) showTab(first.getAttribute('data-tab'));
  if (location.hash.length > 1) openAnchor(decodeURIComponent(location.hash.slice(1)));
})();
