// Follow a pack's progress without reloading; the page's refresh button works without this file.
(function () {
  "use strict";
  var box = document.querySelector("[data-pack-status]");
  if (!box || !window.fetch) return;
  var bar = box.querySelector("progress");
  var count = box.querySelector("[data-pack-count]");
  if (!bar) return;
  var template = count ? count.getAttribute("data-template") : "";
  function tick() {
    fetch(box.getAttribute("data-pack-status"), {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.max = state.total || 1;
        bar.value = state.done;
        if (count && template) {
          count.textContent = template.replace("{done}", state.done).replace("{total}", state.total);
        }
        if (state.status !== "queued" && state.status !== "running") {
          window.location.reload();
        } else {
          window.setTimeout(tick, 1000);
        }
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  window.setTimeout(tick, 800);
})();
