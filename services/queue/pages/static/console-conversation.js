/* The conversation of the online visitor at my desk: the request and every message (from
   intake's API, under the officer's session: personal data stays in intake), the answer
   box with the way WhatsApp will carry it, and the online actions. console.js tells it
   which ticket the officer holds; it refreshes itself while the ticket is held. */
(function () {
  "use strict";

  var api = window.PstApi;
  var POLL_MS = 3000;
  var PURPOSES = {
    answer: "Jawaban",
    acknowledgement: "Balasan otomatis",
    survey_invitation: "Undangan survei",
    complaint_response: "Tanggapan pengaduan"
  };
  var KINDS = { image: "gambar", document: "dokumen", audio: "suara", video: "video", sticker: "stiker" };
  var MODES = {
    text: "WhatsApp: dalam jendela 24 jam sejak pesan terakhir pengunjung, jawaban dikirim sebagai teks bebas.",
    template: "WhatsApp: jendela 24 jam sudah tertutup, jawaban dikirim dengan templat yang disetujui (teks Anda menjadi isinya).",
    email: "E-mail: jawaban dikirim sebagai balasan di utas e-mail pengunjung.",
    halopst: "halopst: jawaban ditampilkan kepada pengunjung di halopst."
  };
  var OUTCOMES = {
    answered: "Kunjungan daring ditutup: terjawab.",
    unreachable: "Kunjungan daring ditutup: pengunjung tidak dapat dihubungi."
  };
  var held = null; // { ticket, visitId, conversation, timer, key }
  var session = null;
  var inflight = null;

  var $ = window.PstConsoleView.byId;
  var show = window.PstConsoleView.show;
  var el = window.PstConsoleView.el;
  function newKey() {
    return window.crypto && window.crypto.randomUUID
      ? window.crypto.randomUUID()
      : String(Date.now()) + "-" + Math.random().toString(16).slice(2);
  }

  function timeText(iso) {
    if (!iso) return "";
    var zone = session ? session.time_zone : undefined;
    return new Intl.DateTimeFormat("id-ID", {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: zone
    }).format(new Date(iso));
  }

  // How far an answer got, in the officer's words: the outbox's step, then the channel's.
  function deliveryText(message) {
    if (message.delivery_status === "failed" || message.status === "set_aside") {
      return { text: "gagal" + (message.reason ? ": " + message.reason : ""), code: "failed" };
    }
    var channel = { delivered: "diterima", read: "dibaca", sent: "terkirim" }[message.delivery_status];
    if (channel) return { text: channel, code: message.delivery_status };
    var step = { pending: "menunggu", sending: "mengirim", sent: "terkirim" }[message.status];
    return { text: step || message.status, code: message.status };
  }

  // --- drawing ----------------------------------------------------------------------------

  function incoming(message) {
    var item = el("li", null, "message in");
    var head = el("p", null, "message-head");
    head.appendChild(el("span", "Pengunjung", "who"));
    head.appendChild(el("time", timeText(message.at)));
    if (message.kind && KINDS[message.kind]) head.appendChild(el("span", KINDS[message.kind], "kind"));
    item.appendChild(head);
    if (message.subject) item.appendChild(el("p", message.subject, "subject"));
    if (message.text) item.appendChild(el("p", message.text, "text"));
    if (message.attachments && message.attachments.length) {
      item.appendChild(el("p", "Lampiran: " + message.attachments.join(", "), "attachments"));
    }
    if (message.clock_flag) {
      var told = message.channel_timestamp ? " (saluran: " + timeText(message.channel_timestamp) + ")" : "";
      item.appendChild(el("p", "Dicatat pada waktu diterima; stempel waktu saluran tidak dipercaya" + told + ".", "clock-flag"));
    }
    return item;
  }

  function outgoing(message) {
    var item = el("li", null, "message out");
    var head = el("p", null, "message-head");
    head.appendChild(el("span", (PURPOSES[message.purpose] || message.purpose) +
      (message.author ? " · " + message.author : ""), "who"));
    head.appendChild(el("time", timeText(message.at)));
    item.appendChild(head);
    if (message.text) item.appendChild(el("p", message.text, "text"));
    var delivery = deliveryText(message);
    var line = el("p", null, "delivery delivery-" + delivery.code);
    line.appendChild(document.createTextNode("Status: "));
    line.appendChild(el("strong", delivery.text));
    if (message.mode === "template") line.appendChild(document.createTextNode(" · templat WhatsApp"));
    item.appendChild(line);
    return item;
  }

  function draw() {
    var talk = held && held.conversation;
    show($("conversation-loading"), !talk);
    if (!talk) return;
    $("conversation-channel").textContent = window.PST.label("channels", talk.channel);
    $("conversation-type").textContent = talk.consultation_type_label || "—";
    $("conversation-visitor").textContent = talk.visitor_name || "—";
    $("conversation-contact").textContent = talk.contact || "—";
    var list = $("conversation-messages");
    list.replaceChildren.apply(list, talk.messages.map(function (m) {
      return m.direction === "in" ? incoming(m) : outgoing(m);
    }));
    var open = talk.actions.indexOf("answer") >= 0;
    show($("answer-form"), open);
    $("answer-mode").textContent = MODES[talk.answer_mode] || "";
    $("answer-mode").className = "answer-mode mode-" + talk.answer_mode;
    show($("conversation-closed"), !!talk.outcome);
    $("conversation-closed").textContent = OUTCOMES[talk.outcome] || "";
    drawActions(talk);
  }

  // The online actions on the ticket: "Tidak dapat dihubungi" while the visit is open, and
  // closing as answered (the complete form) once an answer was recorded.
  function drawActions(talk) {
    var answers = talk.messages.filter(function (m) { return m.direction === "out" && m.purpose === "answer"; });
    var note = $("ticket-note");
    show($("unreachable"), talk.actions.indexOf("mark_unreachable") >= 0);
    $("complete-open").disabled = !answers.length && !talk.outcome;
    if (talk.outcome === "unreachable" && held.ticket.state === "in_consultation") {
      note.textContent = "Pengunjung tidak dapat dihubungi. Selesaikan konsultasi untuk mencatat hasilnya.";
    } else if (!answers.length && !talk.outcome) {
      note.textContent = "Kirim jawaban dulu; setelah itu kunjungan dapat ditutup sebagai terjawab.";
    } else {
      note.textContent = "";
    }
    show(note, !!note.textContent);
  }

  // --- loading ----------------------------------------------------------------------------

  function path(step) { return "/api/intake/visits/" + encodeURIComponent(held.visitId) + step; }

  function load() {
    if (!held) return Promise.resolve();
    if (inflight) return inflight;
    var visitId = held.visitId;
    inflight = api.get(path("/conversation")).then(function (talk) {
      if (held && held.visitId === visitId) {
        held.conversation = talk;
        $("conversation-error").textContent = "";
        draw();
      }
    }, function (err) {
      if (held && held.visitId === visitId && err.status !== 401) {
        $("conversation-error").textContent = "Percakapan belum dapat dimuat: " + err.message;
      }
    }).then(function () { inflight = null; });
    return inflight;
  }

  function stop() {
    if (!held) return;
    window.clearInterval(held.timer);
    held = null;
    show($("conversation"), false);
    show($("unreachable"), false);
    show($("ticket-note"), false);
    $("complete-open").disabled = false;
    $("conversation-messages").replaceChildren();
    $("conversation-error").textContent = "";
  }

  /* Called on every render of the console: the ticket the officer holds (or null). */
  function follow(ticket, current) {
    session = current;
    var online = ticket && ticket.queue === "online";
    if (!online) { stop(); return; }
    if (held && held.visitId === ticket.visit_id) {
      held.ticket = ticket;
      if (held.conversation) draw();
      return;
    }
    stop();
    held = { ticket: ticket, visitId: ticket.visit_id, conversation: null, key: newKey() };
    held.timer = window.setInterval(load, POLL_MS);
    show($("conversation"), true);
    draw();
    load();
  }

  // --- acting -----------------------------------------------------------------------------

  function send(event) {
    event.preventDefault();
    var box = $("answer-text");
    var button = $("answer-send");
    var error = $("conversation-error");
    var text = box.value.trim();
    error.textContent = "";
    if (!text) { error.textContent = "Jawaban: wajib diisi"; box.focus(); return; }
    button.disabled = true;
    // One key per answer typed: a repeated click or a retry after a lost reply records it once.
    api.post(path("/answers"), { text: text }, { "Idempotency-Key": held.key }).then(function () {
      held.key = newKey();
      box.value = "";
    }, function (err) {
      if (err.status !== 401) error.textContent = err.message;
    }).then(function () {
      button.disabled = false;
      return load();
    });
  }

  function close(outcome) {
    return api.post(path("/close"), { outcome: outcome }).then(function (talk) {
      if (held) { held.conversation = talk; draw(); }
      return talk;
    });
  }

  /* Before an online ticket is completed: its visit is closed as answered (once). */
  function closeAnswered() {
    if (!held || (held.conversation && held.conversation.outcome)) return Promise.resolve(null);
    return close("answered");
  }

  function unreachable() {
    if (!window.confirm("Tutup kunjungan ini: pengunjung tidak dapat dihubungi?")) return;
    var button = $("unreachable");
    var error = $("ticket-error");
    error.textContent = "";
    button.disabled = true;
    close("unreachable").catch(function (err) {
      if (err.status !== 401) error.textContent = err.message;
    }).then(function () { button.disabled = false; });
  }

  $("answer-form").addEventListener("submit", send);
  $("unreachable").addEventListener("click", unreachable);

  window.PstConversation = { follow: follow, closeAnswered: closeAnswered };
})();
