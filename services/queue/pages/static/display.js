/* The waiting-room display: follows the public display feed with an EventSource (which
   reconnects by itself and sends Last-Event-ID), and shows the called walk-in numbers with
   their desks, the next numbers, the clock and whether the office is open. */
(function () {
  "use strict";

  var RECONNECT_MS = 5000;
  var screen = document.getElementById("screen");
  var feedUrl = screen.dataset.feed;
  var zone = screen.dataset.zone;
  var zoneName = screen.dataset.zoneName;
  var skew = 0; // the server's clock minus this screen's, from each board
  var lastId = null;
  var source = null;
  var latest = null; // the latest walk-in call shown
  var timeFormat = new Intl.DateTimeFormat("id-ID", { hour: "2-digit", minute: "2-digit", timeZone: zone });
  var dateFormat = new Intl.DateTimeFormat("id-ID", {
    weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: zone
  });
  var dayFormat = new Intl.DateTimeFormat("id-ID", { weekday: "long", day: "numeric", month: "long", timeZone: zone });
  var dayKey = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: zone });

  function $(id) { return document.getElementById(id); }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function now() { return new Date(Date.now() + skew); }
  function time(iso) { return timeFormat.format(new Date(iso)) + " " + zoneName; }
  function sameDay(first, second) { return dayKey.format(first) === dayKey.format(second); }

  function tick() {
    var moment = now();
    $("clock-time").textContent = timeFormat.format(moment);
    $("clock-date").textContent = dateFormat.format(moment);
  }

  // --- the call ---------------------------------------------------------------------------

  function showCall(call, fresh) {
    latest = call;
    $("now-number").hidden = false;
    $("now-number").textContent = call.number;
    $("now-desk").textContent = call.desk ? "Silakan ke " + call.desk : "Silakan ke meja layanan";
    $("now-note").textContent = (call.recall ? "Panggilan ulang · " : "Dipanggil ") + time(call.called_at);
    if (!fresh) return;
    var box = $("now-call");
    box.classList.remove("flash");
    void box.offsetWidth; // restart the animation
    box.classList.add("flash");
  }

  function latestWalkIn(calls) {
    var today = now();
    for (var i = 0; i < calls.length; i += 1) {
      if (calls[i].queue === "offline" && sameDay(new Date(calls[i].called_at), today)) return calls[i];
    }
    return null;
  }

  // --- the board --------------------------------------------------------------------------

  function opening(board) {
    var box = $("hours-state");
    var badge = el("span", board.office_open ? "BUKA" : "TUTUP", board.office_open ? "open" : "closed");
    var text = "";
    if (board.office_open && board.closes_at) {
      text = "Layanan sampai pukul " + time(board.closes_at);
    } else if (board.next_opening) {
      var next = new Date(board.next_opening);
      var when = sameDay(next, now()) ? "hari ini" : dayFormat.format(next);
      if (sameDay(next, new Date(now().getTime() + 86400000))) when = "besok";
      text = (board.holiday ? board.holiday + " · " : "") + "Buka " + when + " pukul " + time(board.next_opening);
    }
    box.replaceChildren(badge, el("span", text, "hours-text"));
  }

  function list(id, emptyId, items) {
    var node = $(id);
    node.replaceChildren.apply(node, items);
    $(emptyId).hidden = items.length > 0;
  }

  function renderBoard(board) {
    opening(board);
    var serving = board.serving.filter(function (t) { return t.queue === "offline"; }).map(function (t) {
      var item = el("li", null, t.state === "called" ? "called" : "busy");
      item.appendChild(el("span", t.number, "number"));
      item.appendChild(el("span", t.desk || "—", "desk"));
      return item;
    });
    list("serving", "serving-empty", serving);
    list("next", "next-empty", board.next_up.offline.map(function (number) { return el("li", number); }));
    var waiting = board.waiting.offline || 0;
    $("waiting-count").textContent = waiting ? waiting + " orang menunggu" : "";
    var call = latestWalkIn(board.recent_calls);
    if (call && (!latest || call.seq > latest.seq)) showCall(call, false);
    // Once the latest call is at its desk, a visitor still being called matters more.
    var pending = board.serving.filter(function (t) { return t.queue === "offline" && t.state === "called"; });
    var heroPending = pending.some(function (t) { return latest && t.number === latest.number; });
    if (pending.length && !heroPending) {
      var first = pending[0];
      showCall({ seq: latest ? latest.seq : 0, number: first.number, desk: first.desk,
        called_at: first.called_at, recall: false }, false);
    }
    if (!call && !latest) {
      $("now-desk").textContent = board.office_open ? "Belum ada panggilan hari ini" : "Layanan tutup";
    }
  }

  // --- the feed ---------------------------------------------------------------------------

  function linked(ok, text) {
    $("link-state").textContent = text;
    screen.classList.toggle("offline", !ok);
  }

  function remember(event) {
    if (event.lastEventId) lastId = event.lastEventId;
  }

  function connect() {
    var url = feedUrl + (lastId !== null ? "&last_event_id=" + encodeURIComponent(lastId) : "");
    source = new EventSource(url);
    source.addEventListener("open", function () { linked(true, "Tersambung langsung"); });
    source.addEventListener("board", function (event) {
      remember(event);
      var board = JSON.parse(event.data);
      skew = Date.parse(board.at) - Date.now();
      renderBoard(board);
      tick();
    });
    source.addEventListener("called", function (event) {
      remember(event);
      var call = JSON.parse(event.data);
      if (call.queue === "offline") showCall(call, true);
    });
    source.addEventListener("error", function () {
      linked(false, "Koneksi terputus · menyambung ulang…");
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the server answered an error): start afresh, resuming.
        window.setTimeout(connect, RECONNECT_MS);
      }
    });
  }

  tick();
  window.setInterval(tick, 1000);
  connect();
})();
