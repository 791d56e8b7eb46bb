/* The kit's one script: the wording catalogue (standard/wording.py) for every page's
   scripts, read from the body's data-words attribute (no inline script, CSP 'self'). */
(function () {
  "use strict";
  var words = {};
  try { words = JSON.parse(document.body.dataset.words || "{}"); } catch (e) { words = {}; }
  var csrf = document.querySelector('meta[name="csrf-token"]');
  var SAFE = { GET: 1, HEAD: 1, OPTIONS: 1 };

  /* fetch() for staff pages: the session cookie (same origin), the session's CSRF token on
     every state-changing request, JSON in and out. A 401 (session ended: signed out,
     expired, deactivated) sends the browser to the sign-in page and back here after. */
  function api(url, options) {
    var opts = Object.assign({ method: "GET", credentials: "same-origin" }, options || {});
    var headers = Object.assign({ Accept: "application/json" }, opts.headers || {});
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(opts.json);
      delete opts.json;
    }
    if (!SAFE[opts.method.toUpperCase()] && csrf) headers["X-CSRF-Token"] = csrf.content;
    opts.headers = headers;
    return fetch(url, opts).then(function (response) {
      if (response.status === 401) signIn();
      return response;
    });
  }

  function signIn() {
    var here = window.location.pathname + window.location.search;
    window.location.assign("/masuk?sesi=berakhir&next=" + encodeURIComponent(here));
  }

  window.PST = Object.freeze({
    api: api,
    signIn: signIn,
    words: words,
    label: function (group, code) {
      var table = words[group] || {};
      var value = table[code];
      if (value === undefined || value === null) return code;
      return typeof value === "object" ? value.id : value;
    }
  });
})();
