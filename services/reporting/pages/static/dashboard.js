/* The SLA dashboard: follows the office's dashboard stream (EventSource) and draws each
   snapshot. The token (until staff sign in with a session) stays in this tab's
   sessionStorage or the URL fragment, which never reaches a server log. */
"use strict";
const $ = (id) => document.getElementById(id);
// Labels from the one wording catalogue (standard/wording.py), read by the kit's pst.js.
const channel = (code) => window.PST.label("channels", code);
const officerStatus = (code) => window.PST.label("officer_statuses", code);
const visitStatus = (code) => window.PST.label("visit_statuses", code);
let source = null;

function pct(value) { return value === null || value === undefined ? "–" : value.toFixed(2) + "%"; }
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
  text("longest-wait", longest ? longest.wait_minutes.toFixed(1) : "0");
  $("longest-wait").className = "big " + (longest && longest.over_limit ? "bad" : "ok");
  text("longest-visit", longest ? channel(longest.channel) + " · " + longest.visit_id : "");
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
    [b.visit_id, channel(b.channel), visitStatus(b.status),
     b.officer_id, b.wait_minutes].forEach((v) => { row.insertCell().textContent = v ?? "–"; });
  });
  text("as-of", new Date(today.as_of).toLocaleString("id-ID"));
}

function showMonth(month) {
  text("compliance-month", pct(month.compliance.all.compliance_pct));
  text("ikm-month", month.ikm.score === null ? "–" : month.ikm.score + " (" + month.ikm.category + ")");
  text("complaints-month", month.complaints.filed + " diajukan, " + month.complaints.open + " terbuka");
  const most = Math.max(1, ...month.trend.map((d) => d.visitors));
  rows("trend", ["Tanggal", "Pengunjung", "Dilayani", "Sesuai standar", "Kepatuhan"], month.trend,
       (d) => {
         const bar = document.createElement("span");
         bar.className = "bar";
         bar.style.width = (100 * d.visitors / most) + "px";
         const label = document.createElement("span");
         label.append(bar, " " + d.visitors);
         return [d.date, label, d.served, d.within_standard, pct(d.compliance_pct)];
       });
}

function show(snapshot) {
  text("office-name", snapshot.office_name);
  showToday(snapshot.today);
  if (snapshot.month) showMonth(snapshot.month);
  if (snapshot.lag) rows("lag", ["Sumber", "Posisi", "Akhir", "Jeda"], snapshot.lag,
                         (l) => [l.source, l.position, l.end, l.lag]);
}

function connect(office, token) {
  if (source) source.close();
  const url = "/api/reporting/offices/" + encodeURIComponent(office) +
              "/dashboard/stream?token=" + encodeURIComponent(token);
  source = new EventSource(url);
  $("status").textContent = "menghubungkan…";
  source.addEventListener("snapshot", (event) => {
    $("status").textContent = "langsung";
    $("status").className = "live";
    show(JSON.parse(event.data));
  });
  source.onerror = () => { $("status").textContent = "terputus, mencoba lagi…"; $("status").className = "down"; };
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("pst-token", $("token").value);
  connect($("office").value, $("token").value);
});

const fragment = new URLSearchParams(location.hash.slice(1));
const given = new URLSearchParams(location.search);
if (given.get("office")) $("office").value = given.get("office");
const saved = fragment.get("token") || sessionStorage.getItem("pst-token");
if (saved) { $("token").value = saved; connect($("office").value, saved); }
