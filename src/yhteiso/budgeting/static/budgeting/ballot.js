// Progressive enhancement of the ballot: live "2 of 5 chosen" / "12 000 € left" per pool. The form works and is
// validated on the server without this script.
(function () {
  "use strict";
  var form = document.querySelector("form.pb-ballot");
  var texts = document.getElementById("pb-texts");
  if (!form || !texts) { return; }
  var knapsack = form.dataset.knapsack === "1";
  var max = parseInt(form.dataset.max, 10);
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0"); }
  function update(pool) {
    var boxes = pool.querySelectorAll("input[type=checkbox]");
    var chosen = 0, cost = 0;
    boxes.forEach(function (b) { if (b.checked) { chosen += 1; cost += parseInt(b.dataset.cost, 10) || 0; } });
    var status = pool.querySelector(".pb-status");
    var left = parseInt(pool.dataset.budget, 10) - cost;
    if (knapsack) {
      status.textContent = left >= 0 ? texts.dataset.left.replace("%(left)s", fmt(left))
                                     : texts.dataset.over.replace("%(over)s", fmt(-left));
      status.classList.toggle("pb-over", left < 0);
    } else {
      status.textContent = texts.dataset.count.replace("%(n)s", chosen).replace("%(max)s", max);
      status.classList.toggle("pb-over", chosen > max);
    }
  }
  form.querySelectorAll("fieldset.pb-pool").forEach(function (pool) {
    pool.addEventListener("change", function () { update(pool); });
    update(pool);
  });
  var summary = document.getElementById("errors");
  if (summary) { summary.focus(); }
})();
