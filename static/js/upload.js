// Drag and drop photos onto the upload form on a desktop; the form works without this file.
(function () {
  "use strict";
  var zone = document.querySelector("[data-dropzone]");
  if (!zone || typeof DataTransfer === "undefined") return;
  var input = zone.querySelector('input[type="file"]');
  if (!input) return;
  var hint = document.createElement("p");
  hint.className = "dropzone__hint";
  hint.textContent = zone.getAttribute("data-drop-text") || "";
  zone.appendChild(hint);
  function stop(event) { event.preventDefault(); event.stopPropagation(); }
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { stop(event); zone.classList.add("dropzone--active"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) { stop(event); zone.classList.remove("dropzone--active"); });
  });
  zone.addEventListener("drop", function (event) {
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || !files.length) return;
    input.files = files;
    zone.requestSubmit ? zone.requestSubmit() : zone.submit();
  });
})();
