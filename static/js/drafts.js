// Studio Cerita: text typed on a form and not yet saved is neither lost nor left without a word.
// A form marked data-drafts keeps each typed field in localStorage (keyed by the page's URL and
// the field's name) until the form is saved, puts it back when the page is opened again with a
// visible note, and asks before the page is left with unsaved changes. Never stored: passwords,
// hidden fields (the CSRF token) and files. Without this file the forms work as they are.
(function () {
  "use strict";

  var PREFIX = "studio-cerita:draft:";
  var PENDING = "studio-cerita:draft-pending";

  function storage(kind) {
    try {
      var store = window[kind];
      store.setItem(PREFIX + "test", "1");
      store.removeItem(PREFIX + "test");
      return store;
    } catch (error) {
      return null;  // private mode, storage full or turned off: only the warning remains
    }
  }

  var local = storage("localStorage");
  var session = storage("sessionStorage");

  function pageKey(form) {
    var action = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    return PREFIX + action.pathname + action.search + "#";
  }

  function kept(field) {
    return field.name && !field.disabled && (field.tagName === "TEXTAREA" ||
      (field.tagName === "INPUT" && /^(text|search|url|tel|email|number)$/.test(field.type)));
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, kept);
  }

  function clearPage(prefix) {
    if (!local) {
      return;
    }
    Object.keys(local).forEach(function (key) {
      if (key.indexOf(prefix) === 0) {
        local.removeItem(key);
      }
    });
  }

  // A form sent on the previous page was saved when this page shows no error.
  function settlePending() {
    var pending = session && session.getItem(PENDING);
    if (!pending) {
      return;
    }
    session.removeItem(PENDING);
    var refused = document.querySelector(".field--error, .alert--error, [aria-invalid='true']");
    if (refused) {
      changed = true;  // the form was refused: its text is still not saved
    } else {
      clearPage(pending);
    }
  }

  function restore(form, key) {
    var restored = [];
    fields(form).forEach(function (field) {
      var value = local.getItem(key + field.name);
      if (value !== null && value !== field.value) {
        restored.push({field: field, saved: field.value});
        field.value = value;
        field.dispatchEvent(new Event("input", {bubbles: true}));  // live counters follow
      }
    });
    var note = form.querySelector("[data-draft-note]");
    if (!restored.length || !note) {
      return false;
    }
    note.hidden = false;
    var discard = note.querySelector("[data-draft-discard]");
    if (discard) {
      discard.addEventListener("click", function () {
        restored.forEach(function (entry) {
          entry.field.value = entry.saved;
          entry.field.dispatchEvent(new Event("input", {bubbles: true}));
        });
        clearPage(key);
        note.hidden = true;
        changed = false;
      });
    }
    return true;
  }

  var changed = false;
  var leaving = false;

  function watch(form) {
    var key = pageKey(form);
    if (local && restore(form, key)) {
      changed = true;
    }
    form.addEventListener("input", function (event) {
      var field = event.target;
      if (!event.isTrusted) {
        return;
      }
      changed = true;
      if (local && kept(field)) {
        try {
          local.setItem(key + field.name, field.value);
        } catch (error) {
          // storage full: the warning before leaving still protects the text
        }
      }
    });
    form.addEventListener("change", function () { changed = true; });
    form.addEventListener("submit", function () {
      if (session) {
        session.setItem(PENDING, key);
      }
    });
  }

  document.addEventListener("submit", function () { leaving = true; });

  window.addEventListener("beforeunload", function (event) {
    if (changed && !leaving) {
      event.preventDefault();
      event.returnValue = "";  // the browser shows its own question
    }
  });

  // Coming back from the back/forward cache: the page is live again.
  window.addEventListener("pageshow", function () { leaving = false; });

  function start() {
    settlePending();
    document.querySelectorAll("form[data-drafts]").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
