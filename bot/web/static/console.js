// Progressive enhancement of the console: every page works without it.
(function () {
  "use strict";
  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Live previews: the compose form asks the server for each channel's preview while staff type.
  function livePreview(form) {
    var target = document.getElementById(form.getAttribute("data-preview-target"));
    var url = form.getAttribute("data-preview-url");
    var timer = null;
    function refresh() {
      fetch(url, {method: "POST", body: new FormData(form), headers: {"X-CSRFToken": csrf()}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null) { target.innerHTML = html; } });
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refresh, 400); });
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(refresh, 100); });
  }

  // Delivery status: refreshed every few seconds while an announcement is scheduled or sending.
  function liveStatus(panel) {
    var url = panel.getAttribute("data-status-url");
    function poll() {
      if (panel.getAttribute("data-live") !== "1") { return; }
      fetch(url, {credentials: "same-origin", headers: {"X-Requested-With": "fetch"}})
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.firstElementChild;
          if (fresh && fresh.getAttribute("data-live") !== "1" && panel.getAttribute("data-reload-when-done") === "1") {
            window.location.reload();  // sending is over: the page's state and actions change too
            return;
          }
          if (fresh) { panel.replaceWith(fresh); panel = fresh; }
          setTimeout(poll, 2000);
        });
    }
    setTimeout(poll, 2000);
  }

  // The chat simulator: each message and button press is answered in place.
  function simulator(chat) {
    var log = document.getElementById("sim-log");
    chat.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches("form[data-sim]")) { return; }
      event.preventDefault();
      var data = new FormData(form);
      fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                          headers: {"X-CSRFToken": csrf(), "X-Requested-With": "fetch"}})
        .then(function (response) { return response.text(); })
        .then(function (html) {
          log.insertAdjacentHTML("beforeend", html);
          var input = document.getElementById("sim-text");
          if (input && form.contains(input)) { input.value = ""; input.focus(); }
          log.lastElementChild.scrollIntoView({block: "nearest"});
        });
    });
  }

  // Nothing typed is lost: the compose form is kept in this browser as staff type, and
  // restored when they come back (after a session expired, a crash, a closed tab).
  // A page that confirms a save clears the drafts it names.
  var DRAFT_PREFIX = "oie-draft:";
  function keepDraft(form) {
    var key = DRAFT_PREFIX + window.location.pathname;
    var fields = form.querySelectorAll("input[name], textarea[name], select[name]");
    function values() {
      var kept = {};
      fields.forEach(function (field) {
        if (field.name === "csrf_token" || field.type === "hidden" || field.type === "file") { return; }
        var id = field.name + (field.type === "checkbox" || field.type === "radio" ? "=" + field.value : "");
        kept[id] = field.type === "checkbox" || field.type === "radio" ? field.checked : field.value;
      });
      return kept;
    }
    function restore(saved) {
      fields.forEach(function (field) {
        var id = field.name + (field.type === "checkbox" || field.type === "radio" ? "=" + field.value : "");
        if (!(id in saved)) { return; }
        if (field.type === "checkbox" || field.type === "radio") { field.checked = saved[id]; } else { field.value = saved[id]; }
      });
    }
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (error) { saved = null; }
    if (saved && JSON.stringify(saved) !== JSON.stringify(values())) {
      var before = values();
      restore(saved);
      var notice = document.createElement("p");
      notice.className = "notice";
      notice.setAttribute("role", "status");
      notice.textContent = form.getAttribute("data-restored-text") + " ";
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "secondary";
      discard.textContent = form.getAttribute("data-discard-text");
      discard.addEventListener("click", function () {
        window.localStorage.removeItem(key);
        restore(before);
        notice.remove();
        form.dispatchEvent(new Event("change"));
      });
      notice.appendChild(discard);
      form.insertBefore(notice, form.firstChild);
      form.dispatchEvent(new Event("change"));
    }
    function save() {
      try { window.localStorage.setItem(key, JSON.stringify(values())); } catch (error) { /* storage full or off */ }
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
  }

  function clearDrafts(marker) {
    marker.getAttribute("data-clear-drafts").split(" ").forEach(function (path) {
      if (path) { window.localStorage.removeItem(DRAFT_PREFIX + path); }
    });
  }

  // Buttons that ask before they act (cancel, disable).
  function confirmations() {
    document.addEventListener("submit", function (event) {
      var message = event.target.getAttribute("data-confirm");
      if (message && !window.confirm(message)) { event.preventDefault(); }
    });
  }

  // The password meter: the server's own policy (length, common passwords, zxcvbn) while staff type.
  function strengthMeter(input) {
    var output = document.getElementById(input.getAttribute("aria-describedby"));
    var timer = null;
    function check() {
      if (!input.value) { output.textContent = ""; output.removeAttribute("data-score"); return; }
      var body = new FormData();
      body.append("password", input.value);
      body.append("email", input.getAttribute("data-strength-email") || "");
      fetch(input.getAttribute("data-strength-url"), {method: "POST", body: body, credentials: "same-origin",
                                                       headers: {"X-CSRFToken": csrf()}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (found) {
          if (!found) { return; }
          output.textContent = found.message;
          output.setAttribute("data-score", found.acceptable ? String(found.score) : "0");
        });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 300); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-strength-url]").forEach(strengthMeter);
    document.querySelectorAll("[data-clear-drafts]").forEach(clearDrafts);
    document.querySelectorAll("form[data-keep-draft]").forEach(keepDraft);
    document.querySelectorAll("form[data-preview-url]").forEach(livePreview);
    document.querySelectorAll("[data-status-url]").forEach(liveStatus);
    var chat = document.getElementById("sim");
    if (chat) { simulator(chat); }
    confirmations();
  });
})();
