(function () {
  "use strict";
  var root = document.documentElement, body = document.body;
  var status = document.getElementById("status");
  var pagesPane = document.getElementById("pages");
  // Overlay toggles.
  [].forEach.call(document.querySelectorAll("input[data-ov]"), function (cb) {
    cb.addEventListener("change", function () {
      body.classList.toggle("hide-" + cb.getAttribute("data-ov"), !cb.checked);
    });
  });
  var showEmpty = document.getElementById("show-empty");
  showEmpty.addEventListener("change", function () {
    body.classList.toggle("show-empty", showEmpty.checked);
  });
  var zoom = document.getElementById("zoom");
  zoom.addEventListener("change", function () {
    pagesPane.style.setProperty("--zoom", zoom.value);
  });
  // Records and the page elements (cells, continuation ties, unassigned text) naming them.
  var rows = [].slice.call(document.querySelectorAll("tr[data-record]"));
  var rowOf = {};
  rows.forEach(function (r) { rowOf[r.getAttribute("data-record")] = r; });
  var marksOf = {};
  [].forEach.call(document.querySelectorAll("svg.page [data-r]"), function (el) {
    el.getAttribute("data-r").split(" ").forEach(function (r) {
      (marksOf[r] = marksOf[r] || []).push(el);
    });
  });
  var flagged = rows.filter(function (r) { return r.classList.contains("flag"); });
  var current = null, selected = [];

  function select(idx, scrollPage, scrollRow) {
    selected.forEach(function (el) { el.classList.remove("sel"); });
    selected = [];
    if (current !== null && rowOf[current]) rowOf[current].classList.remove("sel");
    current = idx === null ? null : String(idx);
    if (current === null || !rowOf[current]) { current = null; status.textContent = ""; return; }
    var row = rowOf[current];
    row.classList.add("sel");
    selected = (marksOf[current] || []).slice();
    selected.forEach(function (el) { el.classList.add("sel"); });
    var cells = selected.filter(function (el) { return el.classList.contains("cell"); });
    if (scrollPage && cells.length) cells[0].scrollIntoView({ block: "center" });
    if (scrollRow) row.scrollIntoView({ block: "center" });
    var pages = {};
    cells.forEach(function (el) { pages[el.ownerSVGElement.getAttribute("data-page")] = 1; });
    var why = row.getAttribute("data-review");
    status.textContent = "record " + (Number(current) + 1) + " (STT " +
      row.cells[2].textContent + "), pages " + Object.keys(pages).join(", ") +
      (why ? " — review: " + why : "");
  }

  rows.forEach(function (r) {
    r.addEventListener("click", function () { select(r.getAttribute("data-record"), true, false); });
  });
  [].forEach.call(document.querySelectorAll("svg.page .cell, svg.page .unassigned[data-r]"), function (el) {
    el.addEventListener("click", function () {
      // A merged cell names several records: each click takes the next one.
      var rs = el.getAttribute("data-r").split(" ");
      var k = rs.indexOf(current);
      select(rs[k >= 0 ? (k + 1) % rs.length : 0], false, true);
    });
  });
  // A cell's tooltip (made on first hover): its field and the records it belongs to.
  pagesPane.addEventListener("mouseover", function (e) {
    var el = e.target;
    if (!el.classList || !el.classList.contains("cell") || el.firstChild) return;
    var stts = el.getAttribute("data-r").split(" ").map(function (r) {
      return rowOf[r] ? rowOf[r].cells[2].textContent : r;
    });
    var t = document.createElementNS(el.namespaceURI, "title");
    t.textContent = el.getAttribute("data-f") + ": STT " + stts.join(", ") +
      (stts.length > 1 ? " (merged)" : "") + (el.classList.contains("cont") ? " (continued)" : "");
    el.appendChild(t);
  });
  [].forEach.call(document.querySelectorAll("[data-goto]"), function (el) {
    el.addEventListener("click", function () { select(el.getAttribute("data-goto"), true, true); });
  });

  function step(dir) {
    if (!flagged.length) { status.textContent = "no record needs review"; return; }
    var pos = -1;
    for (var k = 0; k < flagged.length; k++) if (flagged[k].getAttribute("data-record") === current) pos = k;
    var next = pos < 0 ? (dir > 0 ? 0 : flagged.length - 1) : (pos + dir + flagged.length) % flagged.length;
    select(flagged[next].getAttribute("data-record"), true, true);
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target && e.target.tagName;
    if (t === "INPUT" && e.target.type !== "checkbox" || t === "TEXTAREA" || t === "SELECT") return;
    if (e.key === "j") { step(1); e.preventDefault(); }
    else if (e.key === "k") { step(-1); e.preventDefault(); }
  });

  // A self-check in the browser (report.html#selftest), for the tests: every record selects
  // exactly its cells, on exactly its pages; a click on a cell selects its record; j/k visit the
  // flagged records; the overlay toggles work.
  function selftest() {
    var fails = [];
    rows.forEach(function (r) {
      var i = r.getAttribute("data-record");
      select(i, false, false);
      var sel = [].slice.call(document.querySelectorAll("svg.page .cell.sel"));
      var want = [].filter.call(document.querySelectorAll("svg.page .cell"), function (el) {
        return el.getAttribute("data-r").split(" ").indexOf(i) >= 0;
      });
      if (sel.length !== want.length) fails.push("record " + i + ": " + sel.length + " cells selected, " + want.length + " expected");
      var pages = {};
      sel.forEach(function (el) { pages[el.ownerSVGElement.getAttribute("data-page")] = 1; });
      var got = Object.keys(pages).map(Number).sort(function (a, b) { return a - b; }).join(" ");
      if (got !== r.getAttribute("data-pages")) fails.push("record " + i + ": cells on pages [" + got + "], record on [" + r.getAttribute("data-pages") + "]");
      if (!r.classList.contains("sel") || document.querySelectorAll("tr.sel").length !== 1) fails.push("record " + i + ": row not selected alone");
    });
    select(null);
    var cell = document.querySelector("svg.page .cell");
    if (cell) {
      cell.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      if (cell.getAttribute("data-r").split(" ").indexOf(current) < 0) fails.push("a click on a cell did not select its record");
    }
    if (cell) {
      cell.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
      var tip = cell.querySelector("title");
      if (!tip || tip.textContent.indexOf(cell.getAttribute("data-f") + ": STT ") !== 0) fails.push("no tooltip on a cell");
    }
    var svg = document.querySelector("svg.page"), before = svg.getBoundingClientRect().width;
    zoom.value = "2";
    zoom.dispatchEvent(new Event("change"));
    var after = svg.getBoundingClientRect().width;
    if (!(after > 1.9 * before && after < 2.1 * before)) fails.push("zoom 200% gave width " + after + " from " + before);
    zoom.value = "1";
    zoom.dispatchEvent(new Event("change"));
    select(null);
    var key = function (k) { document.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true })); };
    if (flagged.length) {
      key("j");
      if (current !== flagged[0].getAttribute("data-record")) fails.push("j did not go to the first flagged record");
      key("k");
      if (current !== flagged[flagged.length - 1].getAttribute("data-record")) fails.push("k did not wrap to the last flagged record");
    }
    select(null);
    var cb = document.querySelector("input[data-ov=cells]");
    cb.click();
    if (!body.classList.contains("hide-cells")) fails.push("unchecking 'cells' did not hide them");
    cb.click();
    if (body.classList.contains("hide-cells")) fails.push("checking 'cells' did not show them");
    // Back to the first screen.
    pagesPane.scrollTop = 0;
    document.getElementById("records").scrollTop = 0;
    root.setAttribute("data-selftest", fails.length ? "fail: " + fails.join("; ") : "ok");
    root.setAttribute("data-checked", String(rows.length));
  }

  var hash = location.hash.replace(/^#/, "");
  var m = /^record=(\d+)$/.exec(hash);
  if (m) select(m[1], true, true);
  if (hash === "selftest") selftest();
  body.setAttribute("data-flagged", String(flagged.length));
  body.setAttribute("data-ready", "1");
})();
