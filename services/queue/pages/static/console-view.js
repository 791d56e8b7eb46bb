/* The officer console's view: draws the duty, the visitor at my desk, the waiting lists
   with the standard's clock, and the office's board from the state console.js loaded. */
(function () {
  "use strict";

  function channel(code) { return window.PST.label("channels", code); } // standard/wording.py
  var QUEUES = ["offline", "online"];
  var state = null; // set by draw()
  var onAbandon = null;

  function $(id) { return document.getElementById(id); }
  function show(element, visible) { element.hidden = !visible; }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function indonesian(text) { return String(text).split(" / ")[0]; }

  // --- time -------------------------------------------------------------------------------

  function clockText(iso) {
    var zone = state.session ? state.session.time_zone : undefined;
    return new Intl.DateTimeFormat("id-ID", { hour: "2-digit", minute: "2-digit", timeZone: zone })
      .format(new Date(iso));
  }
  function minutesText(minutes) {
    var whole = Math.floor(minutes);
    if (whole < 1) return "< 1 mnt";
    if (whole < 60) return whole + " mnt";
    var rest = whole % 60;
    return Math.floor(whole / 60) + " j " + (rest < 10 ? "0" : "") + rest + " mnt";
  }
  function minutesBetween(fromIso, toIso) {
    return Math.max(0, (Date.parse(toIso) - Date.parse(fromIso)) / 60000);
  }

  // --- drawing ----------------------------------------------------------------------------

  function render() {
    if (!state.session || !state.board) return;
    show($("connection"), false);
    renderDuty();
    renderServing();
    QUEUES.forEach(renderList);
    renderOffice();
  }

  function renderDuty() {
    var officer = state.session.officer;
    var status = officer ? officer.status : "off_duty";
    var since = officer && officer.since ? " sejak " + clockText(officer.since) : "";
    var text = {
      off_duty: "Belum bertugas.",
      on_duty: "Bertugas di " + (officer && officer.desk) + since + ".",
      on_break: "Istirahat" + since + " (" + (officer && officer.desk) + ")."
    }[status];
    $("duty-status").textContent = text;
    $("duty-status").className = "status-line status-" + status;
    show($("sign-on-form"), status === "off_duty");
    show($("duty-actions"), status !== "off_duty");
    show($("break-start"), status === "on_duty");
    show($("break-end"), status === "on_break");
  }

  function renderServing() {
    var ticket = state.ticket;
    var officer = state.session.officer;
    var onDuty = officer && officer.status === "on_duty";
    show($("call-area"), !ticket);
    show($("ticket-area"), !!ticket);
    $("call-next").disabled = !onDuty;
    $("call-hint").textContent = onDuty
      ? "Tidak ada pengunjung di meja Anda."
      : officer && officer.status === "on_break"
        ? "Anda sedang istirahat. Kembali bertugas untuk memanggil."
        : "Mulai bertugas dulu untuk memanggil pengunjung.";
    if (!ticket) return;
    var called = ticket.state === "called";
    $("ticket-number").textContent = ticket.number;
    $("ticket-meta").textContent = [
      called ? "Dipanggil " + clockText(ticket.called_at) : "Konsultasi sejak " + clockText(ticket.started_at),
      ticket.desk,
      channel(ticket.channel)
    ].filter(Boolean).join(" · ");
    // Recall, no-show and left are walk-in steps: an online visitor is answered in the
    // conversation and closed as answered or unreachable (console-conversation.js).
    var walkIn = ticket.queue !== "online";
    show($("start"), called);
    ["recall", "no-show", "left"].forEach(function (id) { show($(id), called && walkIn); });
    show($("complete-open"), !called);
    show($("complete-online-note"), !walkIn);
    show($("complete-form"), state.form === "complete" && !called);
    show($("transfer-form"), state.form === "transfer");
    show($("ticket-actions"), state.form === null);
  }

  function standardBadge(standard) {
    var left = standard.minutes_left;
    if (standard.limit_minutes === null) return el("span", "—", "muted");
    if (!standard.clock_started_at) {
      var idle = el("span", "Menunggu petugas selesai", "muted");
      idle.title = "Jam standar 10 menit mulai saat petugas selesai melayani pengunjung sebelumnya";
      return idle;
    }
    if (standard.breached) return el("span", "Lewat " + Math.ceil(-left) + " mnt", "badge breached");
    if (standard.call_now) return el("span", "Panggil sekarang · sisa " + Math.max(0, Math.ceil(left)) + " mnt", "badge urgent");
    return el("span", "Sisa " + Math.ceil(left) + " mnt", "badge ok");
  }

  function waitingRow(queue, list, entry) {
    var row = el("tr");
    if (entry.standard.breached) row.className = "row-breached";
    else if (entry.standard.call_now) row.className = "row-urgent";
    row.appendChild(el("td", String(entry.position), "num"));
    row.appendChild(el("th", entry.number, "ticket")).scope = "row";
    row.appendChild(el("td", channel(entry.channel)));
    row.appendChild(el("td", minutesText(minutesBetween(entry.arrived_at, list.at)), "num"));
    var clock = el("td", null, "standard");
    clock.appendChild(standardBadge(entry.standard));
    row.appendChild(clock);
    var actions = el("td", null, "row-actions");
    var gone = el("button", "Pergi", "small");
    gone.type = "button";
    gone.title = "Tandai " + entry.number + " sudah pergi";
    gone.addEventListener("click", function () { onAbandon(gone, queue, entry); });
    actions.appendChild(gone);
    row.appendChild(actions);
    return row;
  }

  function renderList(queue) {
    var list = state.lists[queue];
    var body = $(queue + "-list").querySelector("tbody");
    body.replaceChildren.apply(body, list.waiting.map(function (entry) {
      return waitingRow(queue, list, entry);
    }));
    $(queue + "-count").textContent = String(list.waiting.length);
    show($(queue + "-list"), list.waiting.length > 0);
    show($(queue + "-empty"), list.waiting.length === 0);
  }

  function renderOffice() {
    var board = state.board;
    var alerts = $("alerts");
    alerts.replaceChildren.apply(alerts, board.alerts.map(function (alert) {
      return el("li", indonesian(alert.message), "alert alert-" + alert.code);
    }));
    $("office-summary").textContent = [
      board.office_open ? "Kantor buka" : "Kantor tutup",
      board.officers_on_duty + " petugas bertugas",
      (board.waiting.offline || 0) + " luring dan " + (board.waiting.online || 0) + " daring menunggu"
    ].join(" · ");
    var serving = $("in-service");
    serving.replaceChildren.apply(serving, board.in_service.map(function (t) {
      var what = t.state === "called" ? "dipanggil" : "konsultasi";
      return el("li", t.number + " · " + (t.desk || "—") + " · " + (t.officer_id || "") + " · " + what);
    }));
  }

  window.PstConsoleView = {
    // The DOM helpers every console script uses (console.js, console-conversation.js).
    byId: $,
    show: show,
    el: el,
    draw: function (current, abandon) {
      state = current;
      onAbandon = abandon;
      render();
    }
  };
})();
