(function () {
  "use strict";
  var box = document.getElementById("filter");
  if (!box) { return; }
  var q = document.getElementById("q"), band = document.getElementById("band"), shown = document.getElementById("shown");
  var rows = document.querySelectorAll("[data-draft]"), total = rows.length;
  function apply() {
    var text = q.value.trim().toLowerCase(), want = band.value, n = 0;
    rows.forEach(function (row) {
      var ok = (!want || row.getAttribute("data-band") === want) && row.getAttribute("data-path").indexOf(text) !== -1;
      row.hidden = !ok;
      var article = document.getElementById(row.getAttribute("data-draft"));
      if (article) { article.hidden = !ok; }
      if (ok) { n += 1; }
    });
    shown.textContent = n === total ? "" : "showing " + n + " of " + total;
  }
  q.addEventListener("input", apply);
  band.addEventListener("change", apply);
  box.hidden = false;
})();
