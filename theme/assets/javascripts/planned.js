// A meeting the records still call scheduled, on a date now past, was planned and never
// recorded here: say so. The build never reads the clock (its output is deterministic); the
// reader's browser does.
(function () {
  "use strict";
  const today = new Date().toISOString().slice(0, 10);
  document.querySelectorAll("[data-planned-date]").forEach((status) => {
    if (status.dataset.plannedDate < today) status.textContent = status.dataset.past;
  });
})();
