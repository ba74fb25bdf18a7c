"use strict";
(function () {
  var filter = document.getElementById("filter");
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".outcome-filter"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.rule"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".group"));
  var shown = document.getElementById("shown");
  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var wanted = {};
    boxes.forEach(function (box) { wanted[box.value] = box.checked; });
    var count = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var visible = wanted[row.getAttribute("data-outcome")] === true &&
        words.every(function (word) { return text.indexOf(word) !== -1; });
      row.classList.toggle("hidden", !visible);
      if (visible) { count += 1; }
    });
    groups.forEach(function (group) {
      group.classList.toggle("hidden", group.querySelector("tr.rule:not(.hidden)") === null);
    });
    shown.textContent = count + " of " + rows.length + " rules shown";
  }
  function expand(open) {
    rows.forEach(function (row) {
      if (!row.classList.contains("hidden")) { row.querySelector("details").open = open; }
    });
  }
  filter.addEventListener("input", apply);
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  document.getElementById("expand-all").addEventListener("click", function () { expand(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { expand(false); });
  apply();
})();
