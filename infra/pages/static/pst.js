/* The kit's one script: the wording catalogue (standard/wording.py) for every page's
   scripts, read from the body's data-words attribute (no inline script, CSP 'self'). */
(function () {
  "use strict";
  var words = {};
  try { words = JSON.parse(document.body.dataset.words || "{}"); } catch (e) { words = {}; }
  window.PST = Object.freeze({
    words: words,
    label: function (group, code) {
      var table = words[group] || {};
      var value = table[code];
      if (value === undefined || value === null) return code;
      return typeof value === "object" ? value.id : value;
    }
  });
})();
