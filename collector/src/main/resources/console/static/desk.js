// Rollcall desk scanning: a USB scanner types a tag and Enter into #scan. Each scan is checked at once
// (GET /api/v1/desk/check) and shown with what it is and whether it can go; the ones that can go join the form
// as hidden "tag" fields. Nothing changes on the server until the form is confirmed.
(function () {
  'use strict';
  var form = document.querySelector('form[data-desk]');
  if (!form) { return; }
  var mode = form.getAttribute('data-desk');
  var scan = document.getElementById('scan');
  var body = document.querySelector('#scanned tbody');
  var status = document.getElementById('scan-status');
  var count = document.getElementById('scan-count');

  function rows() { return Array.prototype.slice.call(body.querySelectorAll('tr')); }
  function ready() { return body.querySelectorAll('tr.ok').length; }
  function pending() { return body.querySelectorAll('tr.pending').length; }
  function update() { count.textContent = String(ready()); }
  function say(text) { status.textContent = text; }
  function cell(tr, text) {
    var td = document.createElement('td');
    if (text !== undefined) { td.textContent = text; }
    tr.appendChild(td);
    return td;
  }
  function badge(cls, text) {
    var s = document.createElement('span');
    s.className = 'badge ' + cls;
    s.textContent = text;
    return s;
  }
  function field(tr, id, labelText, input) {
    var label = document.createElement('label');
    label.setAttribute('for', id);
    var hidden = document.createElement('span');
    hidden.className = 'sr-only';
    hidden.textContent = labelText;
    label.appendChild(hidden);
    input.id = id;
    label.appendChild(input);
    return label;
  }

  function add(raw) {
    var tag = raw.trim();
    if (!tag) { return; }
    if (rows().some(function (r) { return r.getAttribute('data-tag') === tag; })) {
      say(tag + ': already in this batch');
      return;
    }
    var tr = document.createElement('tr');
    tr.setAttribute('data-tag', tag);
    tr.className = 'pending';
    cell(tr, tag);
    var what = cell(tr, 'checking…');
    var verdict = cell(tr);
    var extra = mode === 'return' ? [cell(tr), cell(tr)] : [];
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', 'Remove ' + tag);
    remove.addEventListener('click', function () {
      tr.parentNode.removeChild(tr);
      update();
      say(tag + ' removed');
      scan.focus();
    });
    cell(tr).appendChild(remove);
    body.insertBefore(tr, body.firstChild);
    fetch('/api/v1/desk/check?mode=' + encodeURIComponent(mode) + '&tag=' + encodeURIComponent(tag),
      { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (res) {
        if (!res.ok) { throw new Error(res.j.detail || res.j.error || 'check failed'); }
        var j = res.j;
        what.textContent = j.description || 'unknown tag';
        if (j.set) { what.textContent += ' · set ' + j.set.name; }
        verdict.appendChild(badge(j.ok ? 'ok' : 'bad', j.ok ? (mode === 'lend' ? 'can go' : 'can come back') : 'refused'));
        verdict.appendChild(document.createTextNode(' ' + j.reason));
        tr.className = j.ok ? 'ok' : 'refused';
        if (j.ok) {
          var h = document.createElement('input');
          h.type = 'hidden';
          h.name = 'tag';
          h.value = tag;
          verdict.appendChild(h);
          if (mode === 'return') {
            var c = document.createElement('input');
            c.type = 'text';
            c.name = 'condition.' + tag;
            c.maxLength = 512;
            c.placeholder = 'as above';
            extra[0].appendChild(field(tr, 'cond-' + tag, 'Condition of ' + tag, c));
            var d = document.createElement('input');
            d.type = 'checkbox';
            d.name = 'damaged';
            d.value = tag;
            extra[1].appendChild(field(tr, 'damaged-' + tag, tag + ' is damaged', d));
            // a damaged item must say how: the browser asks for it before the form is sent
            d.addEventListener('change', function () {
              c.required = d.checked;
              c.placeholder = d.checked ? 'what is damaged?' : 'as above';
            });
          }
        }
        update();
        say(tag + ': ' + (j.ok ? 'ok, ' : 'refused, ') + j.reason + '. ' + ready() + ' ready.');
      })
      .catch(function (e) {
        tr.className = 'refused';
        what.textContent = '';
        verdict.textContent = 'could not check: ' + e.message;
        say(tag + ': could not check: ' + e.message);
      });
  }

  scan.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter') { return; }
    e.preventDefault();
    add(scan.value);
    scan.value = '';
  });
  form.addEventListener('submit', function (e) {
    if (pending() > 0) {
      e.preventDefault();
      say('Still checking ' + pending() + ' scans; confirm again in a moment.');
    } else if (ready() === 0) {
      e.preventDefault();
      say('Scan at least one asset that can go.');
      scan.focus();
    }
  });
  var prefill = form.getAttribute('data-prefill');
  if (prefill) { prefill.split(/\s+/).forEach(add); }
}());
