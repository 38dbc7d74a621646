// Scanning page (physical audit). Without this script each scan posts the form and the page comes back with the
// focus in the input. With it, scans are queued and sent one at a time in the background, so a USB scanner that
// types the next tag while the last one is still being recorded never types into a page that is loading.
(function () {
  var form = document.querySelector('form[data-scan-form]');
  if (!form || !window.fetch || !window.DOMParser) { return; }
  var input = form.querySelector('input[name="tag"]');
  var status = document.getElementById('scan-status');
  var queue = [];
  var busy = false;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var tag = input.value.trim();
    input.value = '';
    input.focus();
    if (tag) { queue.push(tag); next(); }
  });
  function say(text) { if (status) { status.textContent = text; } }
  function next() {
    if (busy || queue.length === 0) { return; }
    busy = true;
    var tag = queue.shift();
    var body = new URLSearchParams(new FormData(form));
    body.set('tag', tag);
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) { return r.text().then(function (html) { return { ok: r.ok, html: html }; }); })
      .then(function (res) {
        var doc = new DOMParser().parseFromString(res.html, 'text/html');
        var fresh = doc.getElementById('scan-results');
        if (!res.ok || !fresh) {
          var msg = doc.querySelector('main .message');
          say('Not recorded: ' + tag + (msg ? ' (' + msg.textContent + ')' : '') + '. Scan it again.');
          return;
        }
        ['scan-results', 'scan-count'].forEach(function (id) {
          var old = document.getElementById(id);
          var now = doc.getElementById(id);
          if (old && now) { old.replaceWith(now); }
        });
        say(queue.length ? queue.length + ' scans waiting' : '');
      })
      .catch(function () { say('Not recorded: ' + tag + ' (the collector did not answer). Scan it again.'); })
      .then(function () { busy = false; next(); });
  }
})();
