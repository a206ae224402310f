// Studio Cerita: small enhancements only. Every page works without this file.
(function () {
  "use strict";

  // Live counters: a field with data-limit="N" updates the element with id "<field id>-count"
  // to "size/N" and marks it counter--over past the limit. data-unit="words" counts words,
  // data-unit="utf16" UTF-16 units (as marketplace forms do); otherwise code points, as the
  // story writer counts them.
  function size(field) {
    var value = field.value;
    if (field.getAttribute("data-unit") === "words") {
      var words = value.trim().split(/\s+/);
      return words[0] === "" ? 0 : words.length;
    }
    if (field.getAttribute("data-unit") === "utf16") {
      return value.length;  // marketplace forms count UTF-16 units: an emoji counts 2
    }
    return Array.from(value).length;
  }

  // A list (data-unit="lines"): non-empty lines against data-limit, the longest line against
  // data-line-limit; the counter's data-format holds the sentence in the page's language.
  function updateLinesCounter(field, counter, limit) {
    var lines = field.value.split("\n").map(function (line) { return line.trim(); })
      .filter(function (line) { return line !== ""; });
    var longest = lines.reduce(function (most, line) {
      return Math.max(most, Array.from(line).length);
    }, 0);
    var lineLimit = parseInt(field.getAttribute("data-line-limit"), 10);
    var format = counter.getAttribute("data-format") || "{lines}/{items}";
    counter.textContent = format.replace("{lines}", lines.length).replace("{items}", limit)
      .replace("{longest}", longest).replace("{chars}", lineLimit);
    counter.classList.toggle("counter--over", lines.length > limit || longest > lineLimit);
  }

  function updateCounter(field) {
    var counter = field.id && document.getElementById(field.id + "-count");
    var limit = parseInt(field.getAttribute("data-limit"), 10);
    if (!counter || !limit) {
      return;
    }
    if (field.getAttribute("data-unit") === "lines") {
      updateLinesCounter(field, counter, limit);
      return;
    }
    var count = size(field);
    counter.textContent = count + "/" + limit;
    counter.classList.toggle("counter--over", count > limit);
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field.matches && field.matches("input[data-limit], textarea[data-limit]")) {
      updateCounter(field);
    }
  });

  function updateAllCounters() {
    document.querySelectorAll("input[data-limit], textarea[data-limit]").forEach(updateCounter);
  }

  // Copy buttons: data-copy names the element whose text (or a field's value) is copied,
  // data-copied the thanks in the page's language.
  // Without the Clipboard API the buttons stay hidden.
  function setUpCopyButtons() {
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var label = Array.from(button.childNodes, function (node) { return node.cloneNode(true); });
      var timer = null;
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        if (!source) {
          return;
        }
        var text = source.matches("input, textarea") ? source.value
          : (source.innerText || source.textContent);
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = button.getAttribute("data-copied") || "\u2713";
          clearTimeout(timer);
          timer = setTimeout(function () { button.replaceChildren.apply(button, label); }, 2500);
        });
      });
    });
  }

  function start() {
    updateAllCounters();
    setUpCopyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // Pages restored from the back/forward cache keep typed text: count it again.
  window.addEventListener("pageshow", updateAllCounters);
}());
