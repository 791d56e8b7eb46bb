/* The operator's view: the projection's lag per source, asked every few seconds with the
   session cookie (PST.api: a 401 goes to sign-in). */
"use strict";
const INTERVAL_MS = 5000;

function draw(body) {
  const table = document.getElementById("lag");
  table.replaceChildren();
  const head = table.insertRow();
  ["Sumber", "Posisi", "Akhir", "Jeda"].forEach((label) => {
    const th = document.createElement("th");
    th.textContent = label;
    head.appendChild(th);
  });
  body.sources.forEach((row) => {
    const line = table.insertRow();
    [row.source, row.position, row.end, row.lag].forEach((value) => {
      line.insertCell().textContent = value ?? "–";
    });
  });
  document.getElementById("generation").textContent = body.generation;
  document.getElementById("as-of").textContent = new Date().toLocaleString("id-ID");
}

function load() {
  const state = document.getElementById("status");
  window.PST.api("/api/reporting/lag").then((response) => {
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }).then((body) => {
    draw(body);
    state.textContent = "langsung";
    state.className = "live";
  }, () => {
    state.textContent = "gagal memuat, mencoba lagi…";
    state.className = "down";
  }).finally(() => window.setTimeout(load, INTERVAL_MS));
}
load();
