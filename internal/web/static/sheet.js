// The scoring sheet without this script: a form that saves. With it: the
// totals and index follow what is typed (the server computes them again
// on save), Enter and the up and down arrows move along a column, and
// leaving with unsaved changes asks first.
(function () {
  "use strict";
  var form = document.getElementById("sheet");
  if (!form) { return; }

  // Points typed as "2,5" or "2.5", in thousandths; null for none or bad.
  function milli(s) {
    s = String(s).trim();
    if (s === "") { return null; }
    if (s.indexOf(",") >= 0) {
      if (s.indexOf(".") >= 0 || s.split(",").length > 2) { return NaN; }
      s = s.replace(",", ".");
    }
    var m = /^(-?)(\d+)(?:\.(\d{1,3}))?$/.exec(s);
    if (!m) { return NaN; }
    var v = parseInt(m[2], 10) * 1000 + parseInt(((m[3] || "") + "000").slice(0, 3), 10);
    return m[1] ? -v : v;
  }
  // As vnfmt.Points writes them: 1.497,2; trailing zeros dropped.
  // With the column's places (rule 5: 81,300 beside 82,615).
  function points(v, places) {
    var neg = v < 0; v = Math.abs(v);
    var whole = String(Math.floor(v / 1000)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var frac = String(v % 1000 + 1000).slice(1, 1 + places);
    return (neg ? "\u2212" : "") + whole + (places > 0 ? "," + frac : "");
  }
  function placesOf(v) {
    return v % 10 ? 3 : v % 100 ? 2 : v % 1000 ? 1 : 0;
  }
  // The shown index: half-up to 2 places, as vnfmt.Index writes it.
  function index(p, max) {
    if (max <= 0) { return "\u2013"; }
    var h = Math.floor((2 * p * 10000 + max) / (2 * max));
    return String(Math.floor(h / 100)) + "," + String(h % 100 + 100).slice(1) + "%";
  }
  function value(row, kind) {
    var code = row.id.slice(4);
    var el = document.getElementById(kind + "-" + code);
    if (el) {
      if (el.type === "checkbox") { return el.checked; }
      var v = milli(el.value);
      return (v === null || isNaN(v)) ? null : v;
    }
    var d = row.getAttribute("data-" + (kind === "na" ? "na" : kind));
    if (kind === "na") { return d === "1"; }
    return d === "" ? null : parseInt(d, 10);
  }
  var table = form.querySelector("table");
  function set(root, attr, sums, places) {
    root.querySelectorAll("[" + attr + "]").forEach(function (el) {
      var k = el.getAttribute(attr);
      el.textContent = k === "index" ? index(sums.points, sums.max) : points(sums[k], places[k]);
    });
  }
  function totals() {
    var all = { self: 0, points: 0, max: 0 }, fields = [];
    var places = { self: +table.getAttribute("data-places-self"), points: +table.getAttribute("data-places-points") };
    form.querySelectorAll("tbody.fieldgroup").forEach(function (tb) {
      var f = { self: 0, points: 0, max: 0 };
      tb.querySelectorAll("tr.leaf").forEach(function (row) {
        var self = value(row, "self"), pts = value(row, "points");
        if (self !== null) { places.self = Math.max(places.self, placesOf(self)); }
        if (pts !== null) { places.points = Math.max(places.points, placesOf(pts)); }
        if (value(row, "na")) { return; }
        f.max += parseInt(row.getAttribute("data-max"), 10);
        if (self !== null) { f.self += self; }
        f.points += pts !== null ? pts : (self !== null ? self : 0);
      });
      fields.push([tb, f]);
      all.self += f.self; all.points += f.points; all.max += f.max;
    });
    fields.forEach(function (x) { set(x[0], "data-sum", x[1], places); });
    set(document, "data-total", all, places);
  }

  // Along a column: the same kind of input in the rows above and below.
  function move(el, step) {
    var col = Array.prototype.filter.call(form.querySelectorAll("input.pts[data-col='" + el.getAttribute("data-col") + "']"),
      function (x) { return x.offsetParent !== null; });
    var i = col.indexOf(el) + step;
    if (i >= 0 && i < col.length) { col[i].focus(); col[i].select(); }
  }

  var dirty = false, saving = false;
  form.addEventListener("input", function () { dirty = true; totals(); });
  form.addEventListener("change", function () { dirty = true; totals(); });
  form.addEventListener("keydown", function (e) {
    var el = e.target;
    if (!el.classList || !el.classList.contains("pts")) { return; }
    if (e.key === "Enter" || e.key === "ArrowDown") { e.preventDefault(); move(el, e.shiftKey && e.key === "Enter" ? -1 : 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(el, -1); }
  });
  // Enter moves instead of submitting, also where a keypress comes on its own.
  form.addEventListener("keypress", function (e) {
    if (e.key === "Enter" && e.target.classList && e.target.classList.contains("pts")) { e.preventDefault(); }
  });
  form.addEventListener("submit", function () { saving = true; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !saving) { e.preventDefault(); e.returnValue = ""; }
  });
})();
