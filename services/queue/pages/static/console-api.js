/* The officer console's link to the queue API and intake's conversation API: JSON
   requests through the kit's PST.api (the session cookie, and its CSRF check on changes;
   a 401 sends the browser to sign in), and API errors turned into plain Indonesian. The
   page holds no credential. */
(function () {
  "use strict";

  var FIELDS = {
    queue: "Antrean",
    officer_id: "Petugas",
    desk: "Meja",
    ticket_id: "Tiket",
    to_officer_id: "Petugas tujuan",
    topics: "Topik",
    data_provided: "Data diberikan",
    follow_up: "Tindak lanjut",
    outcome: "Hasil konsultasi",
    reason: "Alasan",
    occurred_at: "Waktu",
    office_id: "Kantor",
    text: "Jawaban",
    visit_id: "Kunjungan"
  };
  // Pydantic's checks, in words an officer can act on (the API's own rules speak Indonesian).
  var CHECKS = {
    missing: "wajib diisi",
    string_too_short: "wajib diisi",
    string_pattern_mismatch: "hanya huruf, angka, spasi, titik, garis bawah atau tanda hubung",
    string_too_long: "terlalu panjang",
    too_long: "terlalu banyak pilihan",
    literal_error: "pilihan tidak dikenal",
    bool_parsing: "pilih ya atau tidak",
    bool_type: "pilih ya atau tidak",
    uuid_parsing: "nomor tiket tidak sah",
    extra_forbidden: "isian tidak dikenal",
    json_invalid: "permintaan rusak"
  };
  var RULES = { rule_violation: true, conflict: true, not_found: true };
  var STATUS = {
    401: "Sesi Anda berakhir. Silakan masuk lagi.",
    403: "Anda tidak berwenang melakukan langkah ini.",
    404: "Tidak ditemukan.",
    409: "Langkah ini tidak sesuai keadaan saat ini. Coba lagi.",
    422: "Isian tidak valid.",
    429: "Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi."
  };

  function indonesian(text) {
    // The API answers "Bahasa Indonesia / English": the officer reads the first part.
    return String(text).split(" / ")[0].trim();
  }

  function fieldOf(loc) {
    var names = (loc || []).filter(function (part) {
      return typeof part === "string" && ["body", "query", "path", "header"].indexOf(part) < 0;
    });
    return names.length ? names[names.length - 1] : "";
  }

  function reasonOf(item) {
    if (CHECKS[item.type]) return CHECKS[item.type];
    if (RULES[item.type] || !item.type) return indonesian(item.msg || "tidak valid");
    return "tidak valid";
  }

  function explain(status, body) {
    var detail = body && body.detail;
    if (Array.isArray(detail) && detail.length) {
      return detail.map(function (item) {
        var field = fieldOf(item.loc);
        var label = FIELDS[field] || field;
        var reason = reasonOf(item);
        return label ? label + ": " + reason : reason.charAt(0).toUpperCase() + reason.slice(1);
      }).join(" · ");
    }
    if (typeof detail === "string" && status < 500) return indonesian(detail);
    if (status >= 500) return "Terjadi gangguan pada server. Coba lagi sebentar lagi.";
    return STATUS[status] || "Permintaan gagal (kode " + status + ").";
  }

  function ApiError(status, message) {
    this.status = status;
    this.message = message;
  }

  function request(method, path, body, headers) {
    var init = { method: method, cache: "no-store" };
    if (body !== undefined) init.json = body;
    if (headers) init.headers = headers;
    return window.PST.api(path, init).then(
      function (response) {
        return response.json().catch(function () { return null; }).then(function (data) {
          if (!response.ok) throw new ApiError(response.status, explain(response.status, data));
          return data;
        });
      },
      function () {
        throw new ApiError(0, "Tidak dapat menghubungi server. Periksa jaringan lalu coba lagi.");
      }
    );
  }

  window.PstApi = {
    ApiError: ApiError,
    explain: explain,
    get: function (path) { return request("GET", path); },
    post: function (path, body, headers) { return request("POST", path, body, headers); }
  };
})();
