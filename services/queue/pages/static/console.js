/* The officer console of the signed-in officer: duty, the visitor at my desk (an online
   one's conversation: console-conversation.js), the waiting lists with the standard's
   clock. Polls the queue API every few seconds. */
(function () {
  "use strict";

  var api = window.PstApi;
  var POLL_MS = 3000;
  var DESK_KEY = "pst.queue.desk";
  var state = { session: null, lists: {}, board: null, ticket: null, form: null, timer: null };
  var inflight = null;
  var again = false;

  var $ = window.PstConsoleView.byId;
  var show = window.PstConsoleView.show;
  var el = window.PstConsoleView.el;

  // --- starting and ending ----------------------------------------------------------------
  // The officer is whoever is signed in (the page's session): the server put their subject
  // and office on #workspace; /api/queue/me adds the office's settings and their duty.

  function begin() {
    var workspace = $("workspace");
    state.session = { subject: workspace.dataset.subject, office_id: workspace.dataset.office };
    return api.get("/api/queue/me").then(function (session) {
      state.session = session;
      $("office-name").textContent = session.office_name + " · Pelayanan Statistik Terpadu (PST)";
      show($("loading"), false);
      show(workspace, true);
      state.timer = window.setInterval(refresh, POLL_MS);
      return refresh();
    });
  }

  function ended() {
    // The session ended (signed out elsewhere, expired, deactivated): PST.api is already
    // taking the browser to the sign-in page, which brings it back here after.
    window.clearInterval(state.timer);
    state.session = null;
    window.PstConversation.follow(null, null);
  }

  // --- loading ----------------------------------------------------------------------------

  function load() {
    var office = encodeURIComponent(state.session.office_id);
    return Promise.all([
      api.get("/api/queue/me"),
      api.get("/api/queue/queues/offline?office_id=" + office),
      api.get("/api/queue/queues/online?office_id=" + office),
      api.get("/api/queue/board?office_id=" + office)
    ]).then(function (found) {
      var officer = found[0].officer;
      var held = officer && officer.serving_ticket_id;
      var ticket = held ? api.get("/api/queue/tickets/" + held) : Promise.resolve(null);
      return ticket.then(function (current) {
        state.session = found[0];
        state.lists = { offline: found[1], online: found[2] };
        state.board = found[3];
        if (!current || !state.ticket || state.ticket.ticket_id !== current.ticket_id) state.form = null;
        state.ticket = current;
      });
    });
  }

  function refresh() {
    if (!state.session) return Promise.resolve();
    if (inflight) { again = true; return inflight; }
    inflight = load().then(render, failed).then(function () {
      inflight = null;
      if (again) { again = false; return refresh(); }
    });
    return inflight;
  }

  function failed(err) {
    if (err.status === 401) { ended(); return; }
    var banner = $("connection");
    banner.textContent = err.status === 0
      ? "Koneksi ke server terputus. Mencoba lagi…"
      : "Data belum dapat dimuat: " + err.message;
    show(banner, true);
  }

  // --- acting -----------------------------------------------------------------------------

  function command(path, fields) {
    var body = { office_id: state.session.office_id };
    Object.keys(fields || {}).forEach(function (key) { body[key] = fields[key]; });
    return api.post("/api/queue" + path, body);
  }

  function act(button, errorId, run) {
    var error = $(errorId);
    error.textContent = "";
    button.disabled = true;
    return run().then(
      function () { return refresh(); },
      function (err) {
        if (err.status === 401) { ended(); return; }
        error.textContent = err.message;
        return refresh();
      }
    ).then(function () { button.disabled = false; render(); });
  }

  function ticketPath(step) { return "/tickets/" + state.ticket.ticket_id + "/" + step; }
  function checked(form, name) {
    var found = form.querySelector("input[name=" + name + "]:checked");
    return found ? found.value : null;
  }

  function outcome(form) {
    var result = { topics: [] };
    var provided = checked(form, "data_provided");
    var followUp = checked(form, "follow_up");
    if (provided) result.data_provided = provided === "yes";
    if (followUp) result.follow_up = followUp === "yes";
    form.querySelectorAll("input[name=topics]:checked").forEach(function (box) {
      result.topics.push(box.value);
    });
    return result;
  }

  function openTransfer() {
    $("ticket-error").textContent = "";
    api.get("/api/queue/officers?office_id=" + encodeURIComponent(state.session.office_id))
      .then(function (officers) {
        var free = officers.filter(function (o) {
          return o.status === "on_duty" && !o.serving_ticket_id && o.officer_id !== state.session.subject;
        });
        if (!free.length) {
          $("ticket-error").textContent = "Tidak ada petugas lain yang bertugas dan sedang kosong.";
          return;
        }
        var select = $("transfer-to");
        select.replaceChildren();
        free.forEach(function (o) {
          var option = el("option", o.officer_id + (o.desk ? " (" + o.desk + ")" : ""));
          option.value = o.officer_id;
          select.appendChild(option);
        });
        state.form = "transfer";
        render();
        select.focus();
      }, function (err) { $("ticket-error").textContent = err.message; });
  }

  function abandonWaiting(button, queue, entry) {
    var question = "Tandai tiket " + entry.number + " sudah pergi (tidak menunggu lagi)?";
    if (!window.confirm(question)) return;
    act(button, queue + "-error", function () {
      return command("/tickets/" + entry.ticket_id + "/abandon", { reason: "left" });
    });
  }

  function wire() {
    $("desk").value = window.localStorage.getItem(DESK_KEY) || $("desk").value;
    $("sign-on-form").addEventListener("submit", function (event) {
      event.preventDefault();
      window.localStorage.setItem(DESK_KEY, $("desk").value);
      act($("sign-on"), "duty-error", function () {
        return command("/officers/sign-on", { desk: $("desk").value });
      });
    });
    [["break-start", "/officers/break"], ["break-end", "/officers/break/end"], ["sign-off", "/officers/sign-off"]]
      .forEach(function (pair) {
        $(pair[0]).addEventListener("click", function () {
          act($(pair[0]), "duty-error", function () { return command(pair[1]); });
        });
      });
    $("call-next").addEventListener("click", function () {
      var queue = document.querySelector("input[name=call-queue]:checked").value;
      act($("call-next"), "call-error", function () { return command("/call-next", { queue: queue }); });
    });
    [["recall", "recall", null], ["start", "start", null], ["no-show", "abandon", "no_show"], ["left", "abandon", "left"]]
      .forEach(function (spec) {
        $(spec[0]).addEventListener("click", function () {
          var fields = spec[2] ? { reason: spec[2] } : {};
          act($(spec[0]), "ticket-error", function () { return command(ticketPath(spec[1]), fields); });
        });
      });
    $("complete-open").addEventListener("click", function () {
      state.form = "complete";
      $("ticket-error").textContent = "";
      render();
      $("complete-form").querySelector("input").focus();
    });
    $("complete-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = $("complete-form");
      act($("complete"), "ticket-error", function () {
        // An online visit is closed as answered in intake first (refused there until an
        // answer was recorded), then its consultation completes with the outcome.
        var closed = state.ticket.queue === "online"
          ? window.PstConversation.closeAnswered()
          : Promise.resolve();
        return closed.then(function () {
          return command(ticketPath("complete"), { outcome: outcome(form) });
        }).then(function () {
          form.reset();
          state.form = null;
        });
      });
    });
    $("transfer-open").addEventListener("click", openTransfer);
    $("transfer-form").addEventListener("submit", function (event) {
      event.preventDefault();
      act($("transfer"), "ticket-error", function () {
        return command(ticketPath("transfer"), { to_officer_id: $("transfer-to").value }).then(function () {
          state.form = null;
        });
      });
    });
    ["complete-cancel", "transfer-cancel"].forEach(function (id) {
      $(id).addEventListener("click", function () { state.form = null; render(); });
    });
  }

  function render() {
    window.PstConsoleView.draw(state, abandonWaiting);
    if (state.session && state.board) window.PstConversation.follow(state.ticket, state.session);
  }

  wire();
  begin().catch(function (err) {
    if (err.status === 401) { ended(); return; }
    $("loading").textContent = "Konsol belum dapat dimuat: " + err.message;
  });
})();
