// Remarks: the thread named in ?criterion= (or the address's #thread-…)
// opens and scrolls into view; without this script it is open already.
(function () {
  "use strict";
  if (document.getElementById("error-summary")) { return; }
  var id = location.hash.slice(1);
  var t = id && document.getElementById(id);
  if (t && t.tagName === "DETAILS") {
    t.open = true;
    var s = t.querySelector("summary");
    if (s) { s.focus(); }
  }
})();
