// Fills the "closest English sentence" tables on the event page. The server computes the
// alignment lazily (it embeds sentences), so the page renders first and this fills in.
// Only textContent is used: article text is never parsed as HTML.
(function () {
  "use strict";
  var root = document.getElementById("event");
  if (!root) return;
  var boxes = document.querySelectorAll("details.aligned");
  if (!boxes.length) return;
  function cell(text, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    td.textContent = text;
    td.setAttribute("dir", "auto");
    return td;
  }
  fetch(root.getAttribute("data-align-url"), { headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
    .then(function (data) {
      boxes.forEach(function (box) {
        var body = box.querySelector("tbody");
        var rows = data.articles[box.getAttribute("data-align-for")] || [];
        body.textContent = "";
        if (!rows.length) {
          var tr = document.createElement("tr");
          tr.appendChild(cell("No English report in this event to align with.", "muted"));
          body.appendChild(tr);
          return;
        }
        rows.forEach(function (row) {
          var tr = document.createElement("tr");
          tr.appendChild(cell(row.text));
          var en = cell(row.english_text, "en");
          var s = document.createElement("div");
          s.className = "score";
          s.textContent = "from " + row.english_article + " · similarity " + row.score;
          en.appendChild(s);
          tr.appendChild(en);
          body.appendChild(tr);
        });
      });
    })
    .catch(function (err) {
      boxes.forEach(function (box) {
        box.querySelector("tbody").textContent = "";
        var p = document.createElement("p");
        p.className = "error";
        p.textContent = "Alignment unavailable: " + err.message;
        box.appendChild(p);
      });
    });
})();
