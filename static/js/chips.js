// Studio Cerita: techniques and materials as chips. The craft's own chips come first and the rest
// wait behind "Lainnya"; choosing another craft (a select marked data-craft-source) sorts them
// again (a technique select names its craft through data-craft-map), and a search box narrows them as the owner types. Without this file the server's lists
// work as they are: a chosen chip is always shown first, the others open with a tap.
(function () {
  "use strict";

  function chipsOf(group) {
    return Array.prototype.slice.call(group.querySelectorAll("label.chip"));
  }

  function countMore(group) {
    var more = group.querySelector("[data-chips-more]");
    var list = more.querySelector(".chips__list");
    var count = more.querySelector("[data-chips-count]");
    if (count) {
      count.textContent = String(list.children.length);
    }
    more.hidden = list.children.length === 0;
  }

  // Put each chip in the first list when it belongs to craft (or is ticked), else behind more.
  function sortForCraft(group, craft) {
    var first = group.querySelector("[data-chips-first]");
    var more = group.querySelector("[data-chips-more] .chips__list");
    chipsOf(group).forEach(function (chip) {
      var crafts = (chip.getAttribute("data-crafts") || "").split(" ");
      var ticked = chip.querySelector("input").checked;
      var own = !craft || ticked || crafts.indexOf(craft) !== -1;
      (own ? first : more).appendChild(chip);
    });
    countMore(group);
  }

  function filter(group, text) {
    var query = text.trim().toLocaleLowerCase();
    chipsOf(group).forEach(function (chip) {
      chip.hidden = query !== "" && chip.textContent.toLocaleLowerCase().indexOf(query) === -1;
    });
    var more = group.querySelector("[data-chips-more]");
    if (query !== "") {
      more.open = true;  // a match may be behind "Lainnya"
    }
  }

  function start() {
    var groups = document.querySelectorAll("[data-chips]");
    groups.forEach(function (group) {
      var search = group.querySelector("[data-chips-filter]");
      if (search) {
        search.hidden = false;
        search.addEventListener("input", function () { filter(group, search.value); });
      }
    });
    document.querySelectorAll("select[data-craft-source]").forEach(function (select) {
      var map = JSON.parse(select.getAttribute("data-craft-map") || "null");
      select.addEventListener("change", function () {
        var craft = map ? (map[select.value] || "") : select.value;
        (select.form || document).querySelectorAll("[data-chips]").forEach(function (group) {
          if (group.hasAttribute("data-chips-craft")) {
            sortForCraft(group, craft);
          }
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
