/* The reception desk: register a walk-in (intake's API, through PST.api: the session's
   cookie and CSRF token), follow the visit until the queue has numbered its ticket (never
   a number made up here), and the day's walk-ins with their state and card. */
(function () {
  "use strict";

  var desk = document.getElementById("desk");
  var office = desk.dataset.office;
  var zone = desk.dataset.zone;
  var zoneName = desk.dataset.zoneName;
  var pollMs = Number(desk.dataset.pollMs || "700");
  var states = JSON.parse(desk.dataset.states || "{}");
  var WAIT_LIMIT_MS = 60000;
  var REFRESH_MS = 5000;
  var timeFormat = new Intl.DateTimeFormat("id-ID", { hour: "2-digit", minute: "2-digit", timeZone: zone });
  var FIELDS = { "identity_card.number": "number", "identity_card": "number", "identity_card.document_type": "number",
    "visitor.name": "name", "visitor.phone": "phone", "visitor.email": "email" };

  var PYDANTIC = { // FastAPI's own validation messages, in the desk's language
    string_too_short: "Terlalu pendek", string_too_long: "Terlalu panjang", missing: "Wajib diisi",
    string_pattern_mismatch: "Bentuknya tidak sesuai", literal_error: "Pilihan tidak dikenal"
  };

  function $(id) { return document.getElementById(id); }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function time(iso) { return iso ? timeFormat.format(new Date(iso)) + " " + zoneName : ""; }

  // --- errors ---------------------------------------------------------------------------

  function clearErrors() {
    document.querySelectorAll("#walk-in .error").forEach(function (node) { node.textContent = ""; });
    document.querySelectorAll("#walk-in [aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
  }

  function showErrors(body) {
    var detail = (body && body.detail) || [];
    if (!Array.isArray(detail)) detail = [{ loc: [], msg: String(detail) }];
    var first = null;
    detail.forEach(function (item) {
      var path = (item.loc || []).filter(function (p) { return p !== "body"; }).join(".");
      var id = FIELDS[path];
      var target = id ? $(id + "-error") : $("form-error");
      var message = PYDANTIC[item.type] || String(item.msg || "").split(" / ")[0];
      target.textContent = (target.textContent ? target.textContent + " · " : "") + message;
      if (id) { $(id).setAttribute("aria-invalid", "true"); first = first || $(id); }
    });
    if (first) first.focus();
  }

  // --- registering ----------------------------------------------------------------------

  function payload() {
    var visitor = { name: $("name").value.trim() };
    if ($("phone").value.trim()) visitor.phone = $("phone").value.trim();
    if ($("email").value.trim()) visitor.email = $("email").value.trim();
    var body = {
      office_id: office,
      identity_card: { document_type: $("document_type").value, number: $("number").value.trim() },
      visitor: visitor
    };
    if ($("purpose").value) body.purpose = $("purpose").value;
    return body;
  }

  function register(event) {
    event.preventDefault();
    clearErrors();
    if (!$("name").value.trim()) { showErrors({ detail: [{ loc: ["body", "visitor", "name"], msg: "Nama wajib diisi" }] }); return; }
    if (!$("number").value.trim()) { showErrors({ detail: [{ loc: ["body", "identity_card", "number"], msg: "Nomor kartu wajib diisi" }] }); return; }
    var button = $("register");
    button.disabled = true;
    var name = $("name").value.trim();
    PST.api("/api/intake/walk-ins", { method: "POST", json: payload() })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (!answer.ok) { showErrors(answer.body); return; }
        $("walk-in").reset();
        arrived(answer.body, name);
        refresh();
      })
      .catch(function () { $("form-error").textContent = "Hub tidak dapat dihubungi; coba lagi."; })
      .finally(function () { button.disabled = false; });
  }

  function arrived(arrival, name) {
    $("arrival").hidden = false;
    $("arrival-name").textContent = name + " · kartu " + arrival.identity_card.document_type +
      " ····" + arrival.identity_card.document_last4 + " disimpan " + time(arrival.arrived_at);
    $("arrival-number").textContent = "…";
    $("arrival-wait").textContent = "Menunggu nomor dari sistem antrean…";
    $("arrival-wait").hidden = false;
    $("print-ticket").hidden = true;
    $("open-kiosk").hidden = true;
    var notice = $("arrival-notice");
    notice.hidden = arrival.within_service_hours;
    notice.textContent = arrival.within_service_hours ? "" :
      "Di luar jam layanan — tetap dicatat. " + (arrival.notice || "");
    $("arrival").scrollIntoView({ block: "nearest" });
    follow(arrival.visit_id, Date.now());
  }

  var following = null;
  function follow(visitId, since) {
    following = visitId;
    PST.api("/api/intake/visits/" + encodeURIComponent(visitId))
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (visit) {
        if (following !== visitId) return; // the next visitor was registered meanwhile
        if (visit && visit.ticket) { numbered(visit); return; }
        if (Date.now() - since > WAIT_LIMIT_MS) {
          $("arrival-wait").textContent = "Nomor belum diberikan sistem antrean. Cek daftar kunjungan, atau hubungi admin.";
        }
        window.setTimeout(function () { follow(visitId, since); }, pollMs);
      })
      .catch(function () { window.setTimeout(function () { follow(visitId, since); }, pollMs * 3); });
  }

  function numbered(visit) {
    $("arrival-number").textContent = visit.ticket;
    $("arrival-wait").hidden = true;
    var print = $("print-ticket");
    print.href = "/resepsionis/tiket/" + encodeURIComponent(visit.visit_id);
    print.removeAttribute("aria-disabled");
    print.hidden = false;
    if (visit.status_url && !visit.guest_book) {
      var token = visit.status_url.split("/kunjungan/")[1];
      var kiosk = $("open-kiosk");
      kiosk.href = "/buku-tamu/" + token;
      kiosk.hidden = false;
    }
    refresh();
  }

  // --- the day's list -------------------------------------------------------------------

  function row(visit) {
    var tr = el("tr");
    tr.dataset.visit = visit.visit_id;
    var number = el("th", visit.ticket || "…", "ticket");
    number.scope = "row";
    tr.appendChild(number);
    var who = el("td");
    who.appendChild(el("span", visit.visitor_name || "—", "visit-name"));
    who.appendChild(el("span", " " + time(visit.arrived_at), "muted"));
    tr.appendChild(who);
    var state = el("td");
    var label = states[visit.state] || visit.state;
    if ((visit.state === "called" || visit.state === "in_consultation") && visit.desk) label += " · " + visit.desk;
    state.appendChild(el("span", label, "badge state-" + visit.state));
    if (!visit.guest_book_signed && !visit.departed_at) state.appendChild(el("span", "buku tamu belum diisi", "muted"));
    tr.appendChild(state);
    var card = el("td");
    if (visit.document_last4) {
      card.appendChild(el("span", visit.document_type + " ····" + visit.document_last4));
      card.appendChild(el("span", visit.card_held ? " disimpan" : " dikembalikan", visit.card_held ? "badge urgent" : "badge ok"));
    }
    tr.appendChild(card);
    var actions = el("td", null, "row-actions");
    if (!visit.departed_at) {
      var button = el("button", visit.card_held ? "Kembalikan kartu & pulang" : "Catat pulang", "small");
      button.type = "button";
      button.addEventListener("click", function () { checkOut(visit, button); });
      actions.appendChild(button);
    }
    tr.appendChild(actions);
    return tr;
  }

  function checkOut(visit, button) {
    button.disabled = true;
    PST.api("/api/intake/visits/" + encodeURIComponent(visit.visit_id) + "/check-out", { method: "POST" })
      .then(function (response) {
        if (!response.ok) {
          return response.json().then(function (body) {
            var detail = body.detail && body.detail[0];
            $("list-error").textContent = detail ? String(detail.msg).split(" / ")[0] : "Gagal mencatat kepulangan.";
          });
        }
        $("list-error").textContent = "";
        return null;
      })
      .finally(function () { button.disabled = false; refresh(); });
  }

  var query = "";
  var pending = null;
  function refresh() {
    var url = "/api/intake/front-desk/visits?office_id=" + encodeURIComponent(office);
    if (query) url += "&q=" + encodeURIComponent(query);
    var asked = query;
    return PST.api(url)
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (day) {
        if (!day || asked !== query) return;
        var body = $("visits-body");
        body.replaceChildren.apply(body, day.visits.map(row));
        $("visits-empty").hidden = day.visits.length > 0;
        $("visits-empty").textContent = query ? "Tidak ada yang cocok dengan “" + query + "”." : "Belum ada kunjungan hari ini.";
        $("today-count").textContent = day.count ? "(" + day.count + ")" : "";
      })
      .catch(function () { /* the next refresh tries again */ });
  }

  $("walk-in").addEventListener("submit", register);
  $("search").addEventListener("input", function () {
    query = $("search").value.trim();
    window.clearTimeout(pending);
    pending = window.setTimeout(refresh, 200);
  });
  $("open-kiosk").addEventListener("click", function (event) {
    // One kiosk window, reused for every visitor (a second screen turned to the visitor).
    event.preventDefault();
    window.open($("open-kiosk").href, "pst-kiosk");
  });
  refresh();
  window.setInterval(refresh, REFRESH_MS);
})();
