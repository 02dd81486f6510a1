// Fills in what the server computes lazily, after the event page renders: the "closest
// English sentence" tables (it embeds sentences) and the reports that nearly joined (it scores
// reports against every member, and on a large store may first load the index).
// Only textContent is used: article text is never parsed as HTML.
(function () {
  "use strict";
  function cell(text, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    td.textContent = text;
    td.setAttribute("dir", "auto");
    return td;
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }
  var root = document.getElementById("event");
  var boxes = document.querySelectorAll("details.aligned");
  if (root && boxes.length) getJSON(root.getAttribute("data-align-url"))
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

  var section = document.getElementById("nearly");
  if (section) getJSON(section.getAttribute("data-url"))
    .then(function (data) {
      if (!data.items.length) return;
      section.querySelector(".threshold").textContent = String(data.threshold);
      var body = section.querySelector("tbody");
      data.items.forEach(function (n) {
        var tr = document.createElement("tr");
        var pick = document.createElement("td");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.className = "attach-pick";
        box.value = n.article;
        box.setAttribute("aria-label", "attach " + n.article);
        pick.appendChild(box);
        tr.appendChild(pick);
        tr.appendChild(cell(n.article + (n.title ? " " + n.title : "")));
        tr.appendChild(cell(n.lang));
        var now = cell("");
        if (n.event) {
          var a = document.createElement("a");
          a.href = "/events/" + encodeURIComponent(n.event);
          a.textContent = n.event;
          now.appendChild(a);
        } else {
          now.textContent = "-";
        }
        tr.appendChild(now);
        tr.appendChild(cell(String(n.mean_link)));
        tr.appendChild(cell((n.linked_to || "") + " " + n.score));
        tr.appendChild(cell(n.signals.shared || ""));
        var adds = cell("");
        n.would_add.forEach(function (c, i) {
          if (i) adds.appendChild(document.createTextNode("; "));
          var span = document.createElement("span");
          span.textContent = c.kind + " " + c.value + (c.conflict ? " (disagrees)" : "");
          span.title = c.sentence;
          if (c.conflict) span.className = "conflict";
          adds.appendChild(span);
        });
        tr.appendChild(adds);
        body.appendChild(tr);
      });
      section.hidden = false;
    })
    .catch(function () { /* the rest of the page stands without this list */ });
})();
