// The archive's search page: Pagefind's JavaScript API behind an accessible form whose state
// lives in the address, so a search can be shared. A search always needs words: filters alone
// would download the whole index.
(function () {
  "use strict";
  const PAGE_SIZE = 20;
  const form = document.getElementById("archive-search");
  if (!form) return;
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const selects = Array.from(form.querySelectorAll("select"));
  const root = (window.__md_scope || new URL("..", location)).pathname;
  let pagefind = null; // a promise of Pagefind's module, loaded once however many ask
  let shown = [];
  let pending = [];

  async function engine() {
    // One index bundle per committee (so an edit re-indexes one committee), merged here, all at once.
    if (!pagefind) {
      const bundles = (form.dataset.bundles || "").split(" ").filter(Boolean);
      const options = { baseUrl: root, excerptLength: 30, ranking: { pageLength: 0.2 } };
      pagefind = import(root + "pagefind/" + bundles[0] + "/pagefind.js").then(async (module) => {
        await module.options(Object.assign({ bundlePath: root + "pagefind/" + bundles[0] + "/" }, options));
        await module.init();
        await Promise.all(bundles.slice(1).map((bundle) => module.mergeIndex(root + "pagefind/" + bundle + "/", options)));
        return module;
      });
      pagefind.catch(() => { pagefind = null; }); // tried again at the next search
    }
    return pagefind;
  }

  function readAddress() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    selects.forEach((select) => { select.dataset.wanted = params.get(select.name) || ""; select.value = select.dataset.wanted; });
  }

  function writeAddress() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    selects.forEach((select) => { if (select.value) params.set(select.name, select.value); });
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  let filled = null;

  // The choices come from every bundle's filter indexes, a few hundred small files in a large
  // archive: fetched first only when the address names a filter, else after the results of a
  // search given in the address, or when a filter is first reached.
  function fillFilters() {
    if (!filled) {
      filled = fetchFilters();
      filled.catch(() => { filled = null; });
    }
    return filled;
  }

  async function fetchFilters() {
    const available = await (await engine()).filters();
    form.querySelectorAll("select[data-filter]").forEach((select) => {
      const values = Object.keys(available[select.dataset.filter] || {}).sort();
      values.forEach((value) => {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      select.value = select.dataset.wanted || "";
    });
  }

  function excerpt(html) {
    // Keep Pagefind's <mark> highlighting and nothing else.
    // Parsed in a document of its own, where nothing loads or runs.
    const holder = new DOMParser().parseFromString(html, "text/html").body;
    const out = document.createElement("span");
    holder.childNodes.forEach(function copy(node) {
      if (node.nodeType === Node.TEXT_NODE) out.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") { const mark = document.createElement("mark"); mark.textContent = node.textContent; out.appendChild(mark); }
      else out.appendChild(document.createTextNode(node.textContent));
    });
    return out;
  }

  // A result as shown: a page (with its best minute), or one resolution of a resolutions index.
  function pageItem(data) {
    const best = (data.sub_results || []).find((sub) => sub.url !== data.url && sub.url.includes("#minute-"));
    const minute = best ? " · minute " + best.title.split(".")[0] : "";
    return {
      url: best ? best.url : data.url,
      title: best ? data.meta.title + ": " + best.title : (data.meta.title || data.url),
      place: [data.meta.kind, (data.meta.place || "") + minute].filter(Boolean).join(" · "),
      excerpt: best ? best.excerpt : data.excerpt,
      date: data.meta.date || "",
    };
  }

  function score(sub) {
    const weighted = (sub.weighted_locations || []).reduce((total, l) => total + (l.balanced_score || l.weight || 1), 0);
    return weighted || (sub.locations || []).length;
  }

  function resolutionItems(data) {
    // The resolutions index of a committee and year: each minute is a sub-result whose id names
    // its meeting; the result lands on the minute's first matching resolution (Pagefind lists
    // every element with an id, with its word position) in the minutes themselves.
    const resolutions = (data.anchors || []).filter((anchor) => /-resolution-/.test(anchor.id));
    return (data.sub_results || [])
      .filter((sub) => /#\d{4}-\d{2}-\d{2}(?:-\d+)?-minute-/.test(sub.url))
      .sort((a, b) => score(b) - score(a))
      .map((sub) => {
        const minute = sub.url.split("#")[1];
        const first = Math.min(...(sub.locations || [0]));
        const own = resolutions.filter((anchor) => anchor.id.startsWith(minute + "-resolution-"));
        const hit = own.filter((anchor) => anchor.location <= first).pop() || own[0];
        const id = hit ? hit.id : minute;
        const match = id.match(/^(\d{4}-\d{2}-\d{2}(?:-\d+)?)-(minute-.*)$/);
        const date = match ? match[1].slice(0, 10) : "";
        const label = hit ? hit.id.slice(minute.length + "-resolution-".length) : "";
        return {
          url: match ? sub.url.replace(/resolutions\/[^/#]+\/#.*$/, match[1] + "/#" + match[2]) : sub.url,
          title: label ? sub.title.replace(/^(Minute [^:]+):/, "$1, resolution " + label + ":") : sub.title,
          place: ["Resolution", data.meta.place, date ? new Date(date + "T12:00:00").toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }) : ""].filter(Boolean).join(" · "),
          excerpt: sub.excerpt,
          date: date,
        };
      });
  }

  function renderItem(entry) {
    const item = document.createElement("li");
    item.className = "search-result";
    item.dataset.date = entry.date;
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = entry.url;
    link.textContent = entry.title;
    heading.appendChild(link);
    const where = document.createElement("p");
    where.className = "search-result-place";
    where.textContent = entry.place;
    const text = document.createElement("p");
    text.className = "search-result-excerpt";
    text.appendChild(excerpt(entry.excerpt));
    item.append(heading, where, text);
    return item;
  }

  async function showMore() {
    const next = pending.splice(0, PAGE_SIZE);
    const data = await Promise.all(next.map((result) => result.data()));
    let items = data.flatMap((entry) => (entry.meta.kind === "Resolution" ? resolutionItems(entry) : [pageItem(entry)]));
    const order = form.querySelector("#search-sort").value;
    if (order) items.sort((a, b) => (order === "newest" ? b.date.localeCompare(a.date) : a.date.localeCompare(b.date)));
    items.forEach((entry) => list.appendChild(renderItem(entry)));
    shown = shown.concat(items);
    more.hidden = pending.length === 0;
    return items.length;
  }

  async function run() {
    writeAddress();
    list.replaceChildren();
    more.hidden = true;
    const query = input.value.trim();
    if (!query) {
      status.textContent = "Type a word or phrase to search. To browse every meeting, use the council and committee pages.";
      return;
    }
    status.textContent = "Searching…";
    const filters = {};
    selects.forEach((select) => { if (select.dataset.filter && select.value) filters[select.dataset.filter] = select.value; });
    // Resolutions are also inside their meeting's page: list them on their own only when asked.
    const searchFilters = filters.kind ? filters : Object.assign({ kind: { none: ["Resolution"] } }, filters);
    const order = form.querySelector("#search-sort").value;
    const options = { filters: searchFilters };
    if (order) options.sort = { date: order === "newest" ? "desc" : "asc" };
    const search = await (await engine()).search(query, options);
    pending = search.results.slice();
    shown = [];
    const narrowed = Object.keys(filters).length ? " with the filters chosen" : "";
    const shownNow = pending.length ? await showMore() : 0;
    const count = filters.kind === "Resolution" ? shownNow : search.results.length;
    const counted = filters.kind === "Resolution" ? (more.hidden ? "" : "at least ") + count + (count === 1 ? " resolution" : " resolutions")
                                                  : count + (count === 1 ? " result" : " results");
    status.textContent = count
      ? counted + " for “" + query + "”" + narrowed + "."
      : "No results for “" + query + "”" + narrowed + ". Try fewer or different words" + (narrowed ? ", or remove a filter" : "") + ".";
  }

  function failed(error) {
    status.textContent = "Search could not start (" + error.message + "). Browse by council and committee instead.";
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); run().catch(failed); });
  selects.forEach((select) => select.addEventListener("change", () => { if (input.value.trim()) run().catch(failed); else writeAddress(); }));
  more.addEventListener("click", showMore);
  readAddress();
  form.querySelector(".search-filters").addEventListener("focusin", () => fillFilters().catch(failed));
  const filtersWanted = selects.some((select) => select.dataset.filter && select.dataset.wanted);
  (filtersWanted ? fillFilters().then(run) : run().then(() => input.value.trim() && fillFilters())).catch(failed);
})();
