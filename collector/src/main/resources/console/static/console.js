// Rollcall console: the little script there is. Pages work without it.
document.addEventListener('click', function (e) {
  var t = e.target.closest('[data-print]');
  if (t) { e.preventDefault(); window.print(); }
  var c = e.target.closest('[data-confirm]');
  if (c && !window.confirm(c.getAttribute('data-confirm'))) { e.preventDefault(); }
});
// staff import: a chosen CSV file is read into the form's text area, which is what is sent
document.addEventListener('change', function (e) {
  var target = e.target.getAttribute && e.target.getAttribute('data-csv-into');
  if (!target || !e.target.files || !e.target.files[0]) { return; }
  var reader = new FileReader();
  reader.onload = function () { document.getElementById(target).value = reader.result; };
  reader.readAsText(e.target.files[0]);
});
