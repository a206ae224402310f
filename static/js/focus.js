// The focus point on the photo editor: a tap moves the marker and saves it; on the keyboard the
// arrow keys move it (the new place is announced) and Enter saves. Without this file the image
// button still saves a tap, and the marker shows the saved point.
(function () {
  "use strict";
  var form = document.querySelector("[data-focus-form]");
  if (!form) return;
  var picker = form.querySelector("input[type=image]");
  var circles = form.querySelectorAll(".focus-marker circle");
  var said = document.getElementById("focus-now");
  var keys = document.getElementById("focus-keys");
  var width = Number(form.getAttribute("data-width")) || 1;
  var height = Number(form.getAttribute("data-height")) || 1;
  var words = form.getAttribute("data-said") || "";
  var point = {
    x: parseFloat(circles[0].getAttribute("cx")) || 50,
    y: parseFloat(circles[0].getAttribute("cy")) || 50
  };
  if (keys) keys.hidden = false;

  function clamp(value) { return Math.min(100, Math.max(0, Math.round(value))); }

  function show() {
    for (var i = 0; i < circles.length; i++) {
      circles[i].setAttribute("cx", point.x + "%");
      circles[i].setAttribute("cy", point.y + "%");
    }
    if (said) said.textContent = words.replace("{x}", point.x).replace("{y}", point.y);
  }

  function save() {
    // Send the point as an image button would (pixels of the shown photo), then submit.
    ["x", "y"].forEach(function (axis) {
      var field = form.querySelector('input[name="focus.' + axis + '"]');
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "focus." + axis;
        form.appendChild(field);
      }
      field.value = String(point[axis] / 100 * (axis === "x" ? width : height));
    });
    form.submit();
  }

  picker.addEventListener("click", function (event) {
    event.preventDefault();
    var box = picker.getBoundingClientRect();
    if (event.detail === 0 || !box.width || !box.height) { save(); return; }  // keyboard
    point.x = clamp((event.clientX - box.left) / box.width * 100);
    point.y = clamp((event.clientY - box.top) / box.height * 100);
    show();
    save();
  });

  picker.addEventListener("keydown", function (event) {
    var step = event.shiftKey ? 10 : 2;
    var moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step]};
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); save(); return; }
    var move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    point.x = clamp(point.x + move[0]);
    point.y = clamp(point.y + move[1]);
    show();
  });
})();
