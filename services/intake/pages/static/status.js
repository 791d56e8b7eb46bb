/* The visitor's status page: follows their visit behind the ticket's link (no personal
   data anywhere): intake's answer (ticket, state, desk), the queue's (place in line and
   estimated wait) and, after the consultation, feedback's survey link. */
(function () {
  "use strict";

  var box = document.getElementById("status");
  var token = box.dataset.token;
  var pollMs = Number(box.dataset.pollMs || "5000");
  var states = JSON.parse(box.dataset.states || "{}");
  var surveyAsked = false;

  function $(id) { return document.getElementById(id); }
  function json(url, options) {
    return fetch(url, Object.assign({ headers: { Accept: "application/json" }, credentials: "omit" }, options || {}))
      .then(function (response) { return response.ok ? response.json() : null; });
  }

  function minutes(value) {
    if (value === null || value === undefined) return "belum dapat diperkirakan";
    if (value < 1) return "sebentar lagi";
    return "± " + Math.round(value) + " menit";
  }

  function show(visit, place) {
    var state = visit.departed && visit.state !== "done" ? "departed" : visit.state;
    $("status-number").textContent = visit.ticket || "…";
    $("status-state").textContent = states[state] || state;
    var atDesk = (state === "called" || state === "in_consultation") && visit.desk;
    $("status-desk").hidden = !atDesk;
    if (atDesk) $("status-desk-name").textContent = visit.desk;
    var waiting = state === "waiting" && place && place.position;
    $("status-queue").hidden = !waiting;
    if (waiting) {
      var ahead = place.position - 1;
      $("status-ahead").textContent = ahead ? ahead + " orang" : "Anda berikutnya";
      $("status-wait").textContent = minutes(place.estimated_wait_minutes);
    }
    $("status-guest-book").hidden = visit.guest_book_signed || visit.departed || state === "done";
    if (state === "done" && !surveyAsked) survey();
  }

  function survey() {
    surveyAsked = true;
    json("/api/feedback/public/visits/" + token + "/survey-link", { method: "POST" }).then(function (link) {
      if (!link) { surveyAsked = false; return; } // the invitation is on its way: ask again
      $("survey-link").href = link.link;
      $("status-survey").hidden = false;
    }).catch(function () { surveyAsked = false; });
  }

  function poll() {
    json("/api/intake/public/visits/" + token).then(function (visit) {
      if (!visit) throw new Error("no visit");
      var wantsPlace = visit.state === "waiting";
      return (wantsPlace ? json("/api/queue/public/tickets/" + token).catch(function () { return null; }) : Promise.resolve(null))
        .then(function (place) {
          $("status-error").hidden = true;
          show(visit, place);
        });
    }).catch(function () {
      $("status-error").hidden = false;
      $("status-error").textContent = "Tidak tersambung; mencoba lagi…";
    }).finally(function () {
      if (!$("status-survey").hidden) return; // nothing more will change
      window.setTimeout(poll, pollMs);
    });
  }

  poll();
})();
