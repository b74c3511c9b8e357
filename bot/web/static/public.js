/* Interactive charts of the public pages, drawn with the vendored uPlot from the
   figures the page carries in data-chart (the CSP allows no inline script).
   A tap, a pointer or the arrow keys pick a month; its value is written under
   the chart and read out by screen readers. Without this script the page shows
   the PNG and the table of figures. */
(function () {
  "use strict";

  var COLOURS = { line: "#0b6e4f", preliminary: "#c25e00", grid: "#e3e6e4", ink: "#1a1a1a" };
  var FONT = '12px "Sarabun", "Loma", "Garuda", "Noto Sans Thai", system-ui, sans-serif';

  function formatValue(value) {
    return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function sizeOf(box) {
    var width = box.clientWidth || 320;
    // A chart on a phone is short and wide enough to read; on a desktop it keeps a 2:1 shape.
    return { width: width, height: Math.max(220, Math.min(360, Math.round(width / 2))) };
  }

  function draw(box) {
    var data = JSON.parse(box.getAttribute("data-chart"));
    var readout = document.getElementById(box.id + "-readout");
    var count = data.values.length;
    var indexes = data.values.map(function (_, index) { return index; });
    var preliminary = data.values.map(function (value, index) { return data.preliminary[index] ? value : null; });

    function describe(index) {
      var text = data.labels[index] + ": " + formatValue(data.values[index]) + (data.unit === "%" ? "%" : "");
      return data.preliminary[index] ? text + " (" + data.preliminaryLabel + ")" : text;
    }

    function show(index) {
      if (index === null || index === undefined || index < 0 || index >= count) { return; }
      readout.textContent = describe(index);
    }

    box.hidden = false;
    readout.hidden = false;
    readout.textContent = data.hint;
    var size = sizeOf(box);
    var chart = new uPlot({
      width: size.width,
      height: size.height,
      legend: { show: false },
      cursor: { y: false, points: { size: 9 }, drag: { x: false, y: false } },
      scales: { x: { time: false } },
      axes: [
        {
          font: FONT, stroke: COLOURS.ink, grid: { stroke: COLOURS.grid },
          // Month labels, as many as fit: about one per 70 px.
          splits: function () {
            var step = Math.max(1, Math.ceil(count / Math.max(2, Math.floor(size.width / 70))));
            return indexes.filter(function (index) { return (count - 1 - index) % step === 0; });
          },
          values: function (_, splits) { return splits.map(function (index) { return data.ticks[index] || ""; }); }
        },
        {
          font: FONT, stroke: COLOURS.ink, grid: { stroke: COLOURS.grid }, size: 48,
          values: function (_, splits) { return splits.map(function (value) { return value.toFixed(0); }); }
        }
      ],
      series: [
        {},
        { label: data.title, stroke: COLOURS.line, width: 2, points: { show: count <= 36, size: 5, fill: COLOURS.line } },
        { label: data.preliminaryLabel, stroke: COLOURS.preliminary, width: 0, points: { show: true, size: 8, fill: COLOURS.preliminary } }
      ],
      hooks: { setCursor: [function (plot) { show(plot.cursor.idx); }] }
    }, [indexes, data.values, preliminary], box);

    // Keyboard: the chart takes focus; arrows move a month, Home and End go to the ends.
    var current = count - 1;
    box.tabIndex = 0;
    box.setAttribute("role", "application");
    box.setAttribute("aria-label", data.title + ". " + data.hint);
    box.setAttribute("aria-describedby", readout.id);

    function moveTo(index) {
      current = Math.max(0, Math.min(count - 1, index));
      chart.setCursor({ left: chart.valToPos(current, "x"), top: chart.valToPos(data.values[current], "y") });
      show(current);
    }

    box.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: count - 1 };
      if (event.key in moves) {
        event.preventDefault();
        moveTo(moves[event.key]);
      }
    });
    box.addEventListener("focus", function () { moveTo(current); });
    // A finger dragging along the chart reads the months under it.
    chart.over.addEventListener("pointerdown", function (event) {
      var index = chart.posToIdx(event.offsetX);
      current = index;
      moveTo(index);
    });
    window.addEventListener("resize", function () {
      var next = sizeOf(box);
      if (next.width !== size.width) {
        size = next;
        chart.setSize(next);
      }
    });
  }

  function start() {
    if (typeof uPlot === "undefined") { return; }  // the library did not load: the table and the PNG link remain
    Array.prototype.forEach.call(document.querySelectorAll(".live-chart[data-chart]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
