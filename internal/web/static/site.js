// The public ranking without a reload: when the page holds every unit
// (no filter in its address), sorting and filtering happen in place and
// the address follows (?sort=&band=&q=), so it can be shared. Without
// JavaScript the form's GET does the same on the server.
(function () {
  "use strict";
  var table = document.getElementById("ranking");
  var form = document.getElementById("filters");
  if (!table || !form || table.getAttribute("data-all") !== "true") return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.hasAttribute("data-rank"); });
  var shown = document.getElementById("shown");
  var none = null;
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d");
  }
  function num(r, k) { return parseFloat(r.getAttribute("data-" + k)); }
  function apply() {
    var sort = form.elements.sort.value, band = form.elements.band.value, q = fold(form.elements.q.value.trim());
    var sorted = rows.slice();
    if (sort === "name") sorted.sort(function (a, b) { return num(a, "name") - num(b, "name"); });
    else if (sort === "index") sorted.sort(function (a, b) { return num(a, "index") - num(b, "index"); });
    else sorted.sort(function (a, b) { return num(a, "rank") - num(b, "rank"); });
    var n = 0;
    sorted.forEach(function (r) {
      var ok = (band === "" || r.getAttribute("data-band") === band) && (q === "" || r.getAttribute("data-fold").indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) n++;
      body.appendChild(r);
    });
    if (n === 0 && !none) {
      none = body.insertRow(-1);
      var td = none.insertCell(0);
      td.colSpan = 8;
      td.textContent = table.getAttribute("data-none");
    }
    if (none) none.hidden = n !== 0;
    if (shown) shown.textContent = shown.getAttribute("data-fmt").replace("{n}", n).replace("{total}", rows.length);
    var p = new URLSearchParams(location.search);
    [["sort", sort === "rank" ? "" : sort], ["band", band], ["q", form.elements.q.value.trim()]].forEach(function (kv) {
      if (kv[1]) p.set(kv[0], kv[1]); else p.delete(kv[0]);
    });
    var qs = p.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  }
  form.addEventListener("change", apply);
  form.elements.q.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
})();
