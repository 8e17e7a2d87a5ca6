// Home page: of the scheduled and planned dates the build listed, show only those from today on.
// The build never reads the clock (its output is deterministic); the reader's browser does.
(function () {
  "use strict";
  const list = document.querySelector("[data-upcoming]");
  if (!list) return;
  const today = new Date().toISOString().slice(0, 10);
  let left = 0;
  list.querySelectorAll("li").forEach((item) => {
    if (item.dataset.date < today) item.hidden = true;
    else left += 1;
  });
  if (!left) {
    list.hidden = true;
    document.querySelector(".upcoming-none").hidden = false;
  }
})();
