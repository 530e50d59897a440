// Progressive enhancement of the ballot: the counter of each pool ("You have chosen 2 projects (at most 5)." /
// "12 000 € left") follows the ticks. The texts come from the server in the page's language (plural forms
// included); the budget and costs are raw numbers. The form works and is validated on the server without this.
(function () {
  "use strict";
  var form = document.querySelector("form.pb-ballot");
  var texts = document.getElementById("pb-texts");
  if (!form || !texts) { return; }
  var knapsack = form.dataset.knapsack === "1";
  var max = parseInt(form.dataset.max, 10);
  var sep = texts.dataset.thousands || "\u00a0";
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep); }
  function update(pool) {
    var boxes = pool.querySelectorAll("input[type=checkbox]");
    var chosen = 0, cost = 0;
    boxes.forEach(function (b) { if (b.checked) { chosen += 1; cost += parseInt(b.dataset.cost, 10) || 0; } });
    var status = pool.querySelector(".pb-status");
    var left = parseInt(pool.dataset.budget, 10) - cost;
    if (knapsack) {
      status.textContent = (left >= 0 ? texts.dataset.left : texts.dataset.over).replace("{}", fmt(Math.abs(left)));
      status.classList.toggle("pb-over", left < 0);
    } else {
      var counts = JSON.parse(pool.dataset.counts || "[]");
      if (counts[chosen]) { status.textContent = counts[chosen]; }
      status.classList.toggle("pb-over", chosen > max);
    }
  }
  form.querySelectorAll("fieldset.pb-pool").forEach(function (pool) {
    pool.addEventListener("change", function () { update(pool); });
    update(pool);  // ticks the browser restored on going back
  });
  var summary = document.getElementById("errors");
  if (summary) { summary.focus(); }
})();
