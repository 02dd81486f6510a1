// The "Correct this event" panel: posts corrections to the REST API with the bearer token the
// analyst types in (kept in this tab's sessionStorage only). Results are shown as text.
(function () {
  "use strict";
  var panel = document.getElementById("corrections");
  if (!panel) return;
  var eventId = panel.getAttribute("data-event");
  var token = document.getElementById("nw-token");
  token.value = sessionStorage.getItem("nw-token") || "";
  function value(id) { return document.getElementById(id).value.trim(); }
  function say(text) { document.getElementById("nw-result").textContent = text; }
  function post(path, body) {
    sessionStorage.setItem("nw-token", token.value);
    body.author = value("nw-author") || "web";
    body.reason = value("nw-reason");
    return fetch("/api/v1/corrections/" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + token.value },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error((data.error && data.error.message) || ("HTTP " + r.status));
        return data;
      });
    });
  }
  var actions = {
    rename: function () { return post("event-rename", { event: eventId, title: value("nw-title") }); },
    merge: function () { return post("event-merge", { a: eventId, b: value("nw-merge") }); },
    split: function () {
      var picked = Array.prototype.map.call(document.querySelectorAll(".split-pick:checked"), function (b) { return b.value; });
      if (!picked.length) return Promise.reject(new Error("tick the reports to move out first"));
      return post("event-split", { event: eventId, articles: picked });
    },
    attach: function () {
      var picked = Array.prototype.map.call(document.querySelectorAll(".attach-pick:checked"), function (b) { return b.value; });
      if (!picked.length) return Promise.reject(new Error("tick the reports to attach first"));
      // One correction per report, in turn: each is its own entry in the audit log.
      return picked.reduce(function (done, article) {
        return done.then(function () { return post("event-attach", { article: article, event: eventId }); });
      }, Promise.resolve());
    }
  };
  panel.addEventListener("click", function (e) {
    var action = e.target.getAttribute && e.target.getAttribute("data-action");
    if (!action) return;
    say("saving…");
    actions[action]().then(function (data) {
      say("correction #" + data.correction + " recorded — reloading");
      setTimeout(function () { window.location.href = "/events"; }, 800);
    }).catch(function (err) { say("not saved: " + err.message); });
  });
})();
