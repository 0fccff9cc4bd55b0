"use strict";
// fabula report: highlight a character's lines, step through them, draw the plots.
(() => {
  const text = document.getElementById("text");
  const bar = document.getElementById("focusbar");
  const rows = Array.from(document.querySelectorAll("#cast tbody tr[data-c]"));
  let focus = null;   // the data-c key of the highlighted character ("u": speaker unknown)
  let marked = [];    // every highlighted element (a speech over several paragraphs has several)
  let lines = [];     // one element per highlighted speech, for stepping through them
  let at = -1;

  function clear() {
    for (const el of marked) el.classList.remove("hl");
    for (const row of rows) { row.classList.remove("on"); row.setAttribute("aria-pressed", "false"); }
    text.classList.remove("focusing");
    bar.hidden = true;
    focus = null; marked = []; lines = []; at = -1;
  }

  function highlight(key) {
    const same = key === focus;
    clear();
    if (same || key === null) return;
    focus = key;
    marked = Array.from(text.getElementsByClassName(key === "u" ? "su" : "s" + key));
    for (const el of marked) el.classList.add("hl");
    lines = marked.filter((el) => !el.classList.contains("cont"));
    const row = rows.find((r) => r.dataset.c === key);
    if (row) {
      row.classList.add("on");
      row.setAttribute("aria-pressed", "true");
      bar.style.setProperty("--h", row.style.getPropertyValue("--h"));
      bar.querySelector(".who").textContent = row.querySelector(".name").textContent;
      bar.querySelector(".swatch").className = key === "u" ? "swatch su" : "swatch";
    }
    text.classList.add("focusing");
    bar.querySelector(".pos").textContent = `${lines.length} line${lines.length === 1 ? "" : "s"}`;
    bar.hidden = false;
  }

  function step(delta) {
    if (!lines.length) return;
    at = at < 0 ? (delta > 0 ? 0 : lines.length - 1) : (at + delta + lines.length) % lines.length;
    lines[at].scrollIntoView({ block: "center", behavior: "instant" });
    bar.querySelector(".pos").textContent = `${at + 1} / ${lines.length}`;
  }

  const table = document.getElementById("cast");
  if (table) {
    table.addEventListener("click", (event) => {
      const row = event.target.closest("tr[data-c]");
      if (row) highlight(row.dataset.c);
    });
    table.addEventListener("keydown", (event) => {
      const row = event.target.closest("tr[data-c]");
      if (row && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); highlight(row.dataset.c); }
    });
  }
  bar.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const delta = Number(button.dataset.step);
    if (delta === 0) clear(); else step(delta);
  });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") clear(); });

  if (!window.Plotly) return;
  // No pop-up tips: each section's blurb already says how to use its legend.
  const config = { displaylogo: false, responsive: true, scrollZoom: true, showTips: false };
  for (const node of document.querySelectorAll(".plot")) {
    const figure = JSON.parse(document.getElementById(node.id + "-data").textContent);
    Plotly.newPlot(node, figure.data, figure.layout, config).then(() => {
      node.on("plotly_click", (event) => {
        const value = event.points[0].customdata;
        if (value === undefined || value === null) return;
        if (node.id === "network") {
          highlight(String(value));
        } else {
          location.hash = "p" + value;
        }
      });
    });
  }
})();
