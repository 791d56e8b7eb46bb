/* The kiosk after a guest book: back to the waiting screen for the next visitor. */
(function () {
  "use strict";
  var box = document.getElementById("kiosk-done");
  if (!box) return;
  var seconds = Number(box.dataset.resetSeconds || "8");
  window.setTimeout(function () { window.location.replace(box.dataset.resetTo || "/buku-tamu"); }, seconds * 1000);
})();
