/* The waiting-room display: follows the public display feed with an EventSource (which
   reconnects by itself and sends Last-Event-ID), and shows the called walk-in numbers with
   their desks, the next numbers, the clock and whether the office is open. Each call and
   recall is announced with a chime and Indonesian speech (the browser's speech synthesis)
   once someone has clicked "Aktifkan suara" on the TV (browsers play sound only after a
   click); a call whose consultation has ended leaves the screen. */
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

  // --- sound: a chime, then the call in Indonesian ----------------------------------------

  var audio = null; // an AudioContext, made on the click that enables sound
  var DIGITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"];

  function spoken(number, desk) {
    // "A-004" -> "A, nol nol empat"; "Meja 2" -> "Meja dua": every digit said on its own.
    function say(text) {
      return String(text).replace(/-/g, ", ").replace(/[0-9]/g, function (d) { return " " + DIGITS[Number(d)] + " "; })
        .replace(/\s+/g, " ").trim();
    }
    return "Nomor antrean " + say(number) + ". Silakan ke " + (desk ? say(desk) : "meja layanan") + ".";
  }

  function chime() {
    if (!audio) return;
    var start = audio.currentTime + 0.05;
    [[659.25, 0], [523.25, 0.45]].forEach(function (tone) { // E5 then C5: "ding-dong"
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = tone[0];
      gain.gain.setValueAtTime(0.0001, start + tone[1]);
      gain.gain.exponentialRampToValueAtTime(0.4, start + tone[1] + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + tone[1] + 1.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + tone[1]);
      osc.stop(start + tone[1] + 1.3);
    });
  }

  function voice() {
    var voices = window.speechSynthesis ? window.speechSynthesis.getVoices() : [];
    for (var i = 0; i < voices.length; i += 1) {
      if (/^id([-_]|$)/i.test(voices[i].lang)) return voices[i];
    }
    return null;
  }

  function announce(call) {
    var text = (call.recall ? "Panggilan ulang. " : "") + spoken(call.number, call.desk);
    var log = $("announcements");
    var item = el("li", text);
    item.dataset.number = call.number;
    log.appendChild(item);
    while (log.children.length > 20) log.removeChild(log.firstChild);
    if (!audio) return; // sound not enabled on this screen: shown, not heard
    chime();
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return;
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "id-ID";
    var found = voice();
    if (found) utterance.voice = found;
    utterance.rate = 0.9;
    window.setTimeout(function () { window.speechSynthesis.speak(utterance); }, 1400); // after the chime
  }

  function enableSound() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) audio = new Context();
    if (audio && audio.state === "suspended") audio.resume();
    var button = $("sound");
    button.setAttribute("aria-pressed", "true");
    button.textContent = "Suara aktif";
    button.classList.add("on");
    chime(); // the one who clicked hears that it works
  }

  // --- the call ---------------------------------------------------------------------------

  function showCall(call, fresh) {
    latest = call;
    $("now-number").hidden = false;
    $("now-number").textContent = call.number;
    $("now-desk").textContent = call.desk ? "Silakan ke " + call.desk : "Silakan ke meja layanan";
    $("now-note").textContent = (call.recall ? "Panggilan ulang · " : "Dipanggil ") + time(call.called_at);
    $("now-recall").hidden = !call.recall;
    if (!fresh) return;
    announce(call);
    var box = $("now-call");
    box.classList.remove("flash");
    void box.offsetWidth; // restart the animation
    box.classList.add("flash");
  }

  function clearCall(board) {
    // The consultation of the call on screen has ended (completed, no-show, left).
    latest = { seq: latest ? latest.seq : 0, number: null };
    $("now-number").hidden = true;
    $("now-recall").hidden = true;
    $("now-note").textContent = "";
    $("now-desk").textContent = board.office_open ? "Menunggu panggilan berikutnya" : "Layanan tutup";
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
    var onScreen = latest && latest.number && board.serving.some(function (t) {
      return t.queue === "offline" && t.number === latest.number;
    });
    if (latest && latest.number && !onScreen) clearCall(board);
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

  $("sound").addEventListener("click", enableSound);
  tick();
  window.setInterval(tick, 1000);
  connect();
})();
