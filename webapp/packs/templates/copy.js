(function () {
  "use strict";
  var page = document.body;
  var live = document.getElementById("copy-status");
  function select(field) {
    field.focus();
    field.select();
    try { field.setSelectionRange(0, field.value.length); } catch (error) { /* old browsers */ }
    try { return document.execCommand("copy"); } catch (error) { return false; }
  }
  function show(button, name, word, className) {
    button.textContent = word;
    button.className = className;
    if (name) {
      var hidden = document.createElement("span");
      hidden.className = "vh";
      hidden.textContent = " " + name;
      button.appendChild(hidden);
    }
  }
  function report(button, name, copied) {
    var word = page.getAttribute(copied ? "data-copied" : "data-copy-failed");
    show(button, "", word, copied ? "copy ok" : "copy");
    live.textContent = name + ": " + word;
    window.clearTimeout(button.timer);
    button.timer = window.setTimeout(function () {
      show(button, name, page.getAttribute("data-copy"), "copy");
    }, 2500);
  }
  function copy(button, field, name) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () {
        report(button, name, true);
      }, function () { report(button, name, select(field)); });
    } else {
      report(button, name, select(field));
    }
  }
  var fields = document.querySelectorAll(".text textarea");
  for (var i = 0; i < fields.length; i++) {
    (function (field) {
      var label = document.querySelector("label[for='" + field.id + "']");
      var name = label ? label.textContent : "";
      var button = document.createElement("button");
      button.type = "button";
      show(button, name, page.getAttribute("data-copy"), "copy");
      button.addEventListener("click", function () { copy(button, field, name); });
      field.parentNode.querySelector(".bar").appendChild(button);
    })(fields[i]);
  }
})();
