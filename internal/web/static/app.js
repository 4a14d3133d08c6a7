// parindex's pages work without this script; it only enhances them.
(function () {
  "use strict";
  // An error summary takes the focus, so that a screen reader reads it
  // and the keyboard is next to its links.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
