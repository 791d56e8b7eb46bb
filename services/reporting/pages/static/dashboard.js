/* The SLA dashboard: follows the office's dashboard stream (EventSource) and draws each
   snapshot. The stream and every request carry the session cookie (same origin); the page
   keeps no credential of its own, in its storage or any URL. When the session has ended
   or the credential is refused, the stream stops and the page says so, with a link back
   to sign-in; only a network failure is retried. Rows name visits by ticket number. */
"use strict";
const $ = (id) => document.getElementById(id);
// Labels from the one wording catalogue (standard/wording.py), read by the kit's pst.js.
const channel = (code) => window.PST.label("channels", code);
const officerStatus = (code) => window.PST.label("officer_statuses", code);
const visitStatus = (code) => window.PST.label("visit_statuses", code);
let source = null;
let retry = null;
const RETRY_MS = 5000;

// Indonesian number format, as the reports: a decimal comma ("95,50%").
function decimal(value, digits) {
  return value.toLocaleString("id-ID", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
function pct(value) { return value === null || value === undefined ? "–" : decimal(value, 2) + "%"; }
function ticket(row) { return row.ticket || "tanpa nomor"; }
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
function shortDate(iso) { // "2026-03-05" -> "5 Mar"
  const [, month, day] = iso.split("-").map(Number);
  return day + " " + MONTHS[month - 1];
}
function text(id, value) { $(id).textContent = value === null || value === undefined ? "–" : value; }
function rows(table, header, items, cells) {
  const el = $(table);
  el.replaceChildren();
  const head = el.insertRow();
  header.forEach((h) => { const th = document.createElement("th"); th.textContent = h; head.appendChild(th); });
  items.forEach((item) => {
    const row = el.insertRow();
    cells(item).forEach((value) => {
      const cell = row.insertCell();
      if (value instanceof Node) cell.appendChild(value); else cell.textContent = value ?? "–";
    });
  });
}

function showToday(today) {
  text("visitors-total", today.visitors);
  rows("by-channel", ["Kanal", "Jumlah"], Object.entries(today.by_channel),
       ([code, n]) => [channel(code), n]);
  text("waiting-total", today.waiting_now.total);
  text("waiting-offline", today.waiting_now.offline);
  text("waiting-online", today.waiting_now.online);
  const longest = today.longest_current_wait;
  text("longest-wait", longest ? decimal(longest.wait_minutes, 1) : "0");
  $("longest-wait").className = "big " + (longest && longest.over_limit ? "bad" : "ok");
  text("longest-visit", longest ? channel(longest.channel) + " · " + ticket(longest) : "");
  const all = today.compliance.all;
  text("compliance-today", pct(all.compliance_pct));
  text("compliance-offline", pct(today.compliance.offline.compliance_pct));
  text("compliance-online", pct(today.compliance.online.compliance_pct));
  text("officers-on-duty", today.officers_on_duty);
  text("officers-idle", today.officers_idle);
  rows("officers", ["Petugas", "Status", "Layanan"], today.officers,
       (o) => [o.officer_id, officerStatus(o.status), o.consultations]);
  const body = $("breaches").tBodies[0];
  body.replaceChildren();
  today.breaches.forEach((b) => {
    const row = body.insertRow();
    const wait = b.wait_minutes === null || b.wait_minutes === undefined ? null : decimal(b.wait_minutes, 2);
    [ticket(b), channel(b.channel), visitStatus(b.status),
     b.officer_id, wait].forEach((v) => { row.insertCell().textContent = v ?? "–"; });
  });
  text("as-of", new Date(today.as_of).toLocaleString("id-ID"));
}

function showMonth(month) {
  text("compliance-month", pct(month.compliance.all.compliance_pct));
  text("ikm-month", month.ikm.score === null ? "–" : month.ikm.score + " (" + month.ikm.category + ")");
  text("complaints-month", month.complaints.filed + " diajukan, " + month.complaints.open + " terbuka");
  const most = Math.max(1, ...month.trend.map((d) => d.visitors));
  rows("trend", ["Tanggal", "Pengunjung", "Dilayani", "Sesuai", "Kepatuhan"], month.trend,
       (d) => {
         const bar = document.createElement("span");
         bar.className = "bar";
         bar.style.width = (100 * d.visitors / most) + "px";
         const label = document.createElement("span");
         label.append(bar, " " + d.visitors);
         return [shortDate(d.date), label, d.served, d.within_standard, pct(d.compliance_pct)];
       });
}

function show(snapshot) {
  text("office-name", snapshot.office_name);
  showToday(snapshot.today);
  if (snapshot.month) showMonth(snapshot.month);
}

function status(label, className) {
  $("status").textContent = label;
  $("status").className = className || "";
}

function dashboardUrl(office) {
  return "/api/reporting/offices/" + encodeURIComponent(office) + "/dashboard";
}

// The stream is over for good: say why, and offer the way back to sign-in.
function stop(title, detail) {
  if (source) source.close();
  source = null;
  window.clearTimeout(retry);
  status(title.replace(/\.$/, "").toLowerCase(), "down");
  $("session-ended-title").textContent = title;
  $("session-ended-text").textContent = detail;
  const here = window.location.pathname + window.location.search;
  $("sign-in-again").href = "/masuk?sesi=berakhir&next=" + encodeURIComponent(here);
  $("session-ended").hidden = false;
}

function again(office) {
  status("terputus, mencoba lagi…", "down");
  retry = window.setTimeout(() => connect(office), RETRY_MS);
}

// EventSource does not tell why it gave up: an error status (the session ended, a role or
// office not allowed) closes it for good. Ask the same question once with fetch (the
// cookie goes along): a refusal stops the page with a message; only a network failure
// or a server error is tried again.
function refused(office) {
  const asked = { credentials: "same-origin", headers: { Accept: "application/json" } };
  window.fetch(dashboardUrl(office), asked).then((response) => {
    if (response.status === 401) {
      stop("Sesi Anda telah berakhir.", "Dasbor berhenti diperbarui. Masuk lagi untuk melanjutkan.");
    } else if (response.status === 403) {
      stop("Akses ditolak.", "Peran atau kantor Anda tidak diizinkan melihat dasbor ini.");
    } else if (response.status === 404 || response.status === 422) {
      stop("Kantor tidak dikenal.", "Periksa kode kantor (4 angka).");
    } else {
      again(office); // a server error, or the stream alone failed: try again shortly
    }
  }, () => again(office));
}

function connect(office) {
  if (source) source.close();
  window.clearTimeout(retry);
  $("session-ended").hidden = true;
  source = new EventSource(dashboardUrl(office) + "/stream"); // same origin: the cookie goes along
  status("menghubungkan…");
  source.addEventListener("snapshot", (event) => {
    status("langsung", "live");
    show(JSON.parse(event.data));
  });
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) { refused(office); return; }
    status("terputus, mencoba lagi…", "down"); // the browser reconnects by itself
  };
}

const form = $("choose-office"); // only for a person who may watch other offices
if (form) {
  const given = new URLSearchParams(location.search).get("office");
  if (given) $("office").value = given;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    connect($("office").value);
  });
}
connect(form ? $("office").value : $("toolbar").dataset.office);
