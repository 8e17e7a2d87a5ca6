// The archive's search page: Pagefind's JavaScript API behind an accessible form whose state
// lives in the address, so a search can be shared. A search always needs words: filters alone
// would download the whole index.
//
// On top of Pagefind: results are scored again on what truly matched (Pagefind substitutes a
// word's prefix, down to an initial, when a bundle lacks the word), a title that is the query
// word for word comes first, a meeting leads to its best-matching minute with the others listed,
// "quoted phrases" keep only the results that contain them, and a citation or date typed in the
// box offers the minute or meeting it names, from the map the build writes (search_map.py).
(function () {
  "use strict";
  const PAGE_SIZE = 20;
  const LONGEST_QUERY = 200; // characters; a longer query is cut at a word
  const MOST_FRAGMENTS_PER_PAGE = 100; // results read to fill a page of phrase matches
  const form = document.getElementById("archive-search");
  if (!form) return;
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const notice = document.getElementById("search-notice");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const fold = document.getElementById("search-filters-fold");
  const setCount = document.getElementById("search-filters-set");
  const selects = Array.from(form.querySelectorAll("select"));
  const root = (window.__md_scope || new URL("..", location)).pathname;
  const narrowScreen = window.matchMedia("(max-width: 44.9375em)");
  let pagefind = null; // a promise of Pagefind's module, loaded once however many ask
  let current = null; // the search being shown: its query, Pagefind's results still to read

  // ---------------------------------------------------------------- Pagefind

  async function engine() {
    // One index bundle per committee (so an edit re-indexes one committee), merged here, all at once.
    if (!pagefind) {
      const bundles = (form.dataset.bundles || "").split(" ").filter(Boolean);
      const options = { baseUrl: root, excerptLength: 30, ranking: { pageLength: 0.1, termSimilarity: 3 } };
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

  // ---------------------------------------------------------------- the query

  function plain(text) {
    // Lower case, without accents or apostrophes: how words are compared.
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/['’‘]/g, "");
  }

  function wordsOf(text) {
    return plain(text).match(/[\p{L}\p{N}]+/gu) || [];
  }

  function parseQuery(typed) {
    let text = typed.trim().replace(/\s+/g, " ");
    const long = text.length > LONGEST_QUERY;
    if (long) text = text.slice(0, LONGEST_QUERY).replace(/\s+\S*$/, "");
    const phrases = (text.split('"').length % 2 === 1 ? Array.from(text.matchAll(/"([^"]*)"/g), (m) => wordsOf(m[1])) : [])
      .filter((words) => words.length > 1);
    const words = wordsOf(text);
    return { typed: typed.trim(), text, long, words, phrases, terms: Array.from(new Set(words)) };
  }

  // ---------------------------------------------------------------- scoring what matched

  function commonPrefix(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  // Whether a word of the page is a true match of a query term: the term begins it (a word
  // being typed), they share a stem, or the term is the word misspelt by a letter (two in a long
  // word). Never an initial or a short word standing in for a longer term, which Pagefind offers
  // when a bundle lacks the term.
  function fits(word, term) {
    if (!word) return false;
    if (word.startsWith(term)) return true;
    const common = commonPrefix(word, term);
    if (common >= 4 && common >= Math.ceil(term.length * 0.6)) return true;
    return term.length >= 5 && word.length >= 4 && editDistance(word, term, term.length >= 8 ? 2 : 1) <= (term.length >= 8 ? 2 : 1);
  }

  // Levenshtein's distance, given up once it is beyond `most`.
  function editDistance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) {
        row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      if (Math.min(...row) > most) return most + 1;
      previous = row;
    }
    return previous[b.length];
  }

  function pageWords(data) {
    if (!data.words) data.words = data.content.split(/\s+/).map((w) => wordsOf(w).join(""));
    return data.words;
  }

  function matchedTerms(data, locations, terms) {
    const words = pageWords(data);
    return terms.filter((term) => locations.some((l) => fits(words[l.location], term)));
  }

  function trueLocations(data, locations, terms) {
    const words = pageWords(data);
    return locations.filter((l) => terms.some((term) => fits(words[l.location], term)));
  }

  function balanced(locations) {
    return locations.reduce((total, l) => total + (l.balanced_score || l.weight || 1), 0);
  }

  function phraseStarts(data, phrase) {
    const words = pageWords(data);
    const starts = [];
    for (let i = 0; i + phrase.length <= words.length; i++) {
      if (phrase.every((word, k) => words[i + k] === word)) starts.push(i);
    }
    return starts;
  }

  function titleWords(title) {
    return wordsOf((title || "").replace(/^\s*\d+[a-z]?\.\s+/i, ""));
  }

  function isExactTitle(title, query) {
    return titleWords(title).join(" ") === query.words.join(" ");
  }

  const COMMON_WORDS = new Set(["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]);

  // A title holding the query's words counts for more, up to four times.
  function titleWeight(title, query) {
    const words = titleWords(title);
    const terms = query.terms.filter((term) => !COMMON_WORDS.has(term));
    if (!terms.length) return 1;
    const share = terms.filter((term) => words.some((word) => fits(word, term))).length / terms.length;
    return 1 + 3 * share * share;
  }

  // Where the page holds the quoted phrases (all must be there), and how many of the query's
  // words follow each other there as typed: words together count for more than words apart.
  function phrasePlaces(data, query) {
    const quoted = query.phrases.map((phrase) => new Set(phraseStarts(data, phrase)));
    return { quoted, runs: runsOf(data, query) };
  }

  function runsOf(data, query) {
    const words = pageWords(data);
    const runs = new Map();
    (data.weighted_locations || []).forEach(({ location }) => {
      let longest = 0;
      query.words.forEach((_, start) => {
        let length = 0;
        while (start + length < query.words.length && fits(words[location + length], query.words[start + length])) length++;
        longest = Math.max(longest, length);
      });
      runs.set(location, longest);
    });
    return runs;
  }

  // How well a part of a page (the page, or one minute of it) answers the query.
  function partScore(data, locations, query, places) {
    const fitting = trueLocations(data, locations, query.terms);
    if (!fitting.length) return 0;
    if (!places.quoted.every((starts) => locations.some((l) => starts.has(l.location)))) return 0;
    const coverage = matchedTerms(data, fitting, query.terms).length / query.terms.length;
    const run = Math.max(...fitting.map((l) => places.runs.get(l.location) || 1));
    const together = query.words.length > 1 ? 1 + 3 * ((run - 1) / (query.words.length - 1)) ** 2 : 1;
    return balanced(fitting) * coverage * coverage * together;
  }

  // ---------------------------------------------------------------- results as shown

  function formatDate(iso) {
    return new Date(iso + "T12:00:00").toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  function excerpt(html) {
    // Keep Pagefind's <mark> highlighting and nothing else.
    // Parsed in a document of its own, where nothing loads or runs.
    const holder = new DOMParser().parseFromString(html || "", "text/html").body;
    const out = document.createElement("span");
    holder.childNodes.forEach((node) => {
      if (node.nodeName === "MARK") { const mark = document.createElement("mark"); mark.textContent = node.textContent; out.appendChild(mark); }
      else out.appendChild(document.createTextNode(node.textContent));
    });
    return out;
  }

  function minuteNumber(sub) {
    return sub.title.split(".")[0];
  }

  // A page as a result: a meeting leads to its best-matching minute, the others listed under it.
  function pageItem(result, data, query) {
    const places = phrasePlaces(data, query);
    const pageScore = partScore(data, data.weighted_locations, query, places);
    if (!pageScore) return null;
    const minutes = (data.sub_results || [])
      .filter((sub) => sub.url !== data.url && sub.url.includes("#minute-"))
      .map((sub, order) => ({ sub, order, exact: isExactTitle(sub.title, query),
                              score: partScore(data, sub.weighted_locations || [], query, places) * titleWeight(sub.title, query) }))
      .filter((m) => m.score > 0)
      .sort((a, b) => b.exact - a.exact || b.score - a.score || a.order - b.order);
    const best = minutes[0] && minutes[0].sub;
    const exact = (best ? minutes[0].exact : false) || isExactTitle(data.meta.title, query);
    const weight = Math.max(titleWeight(data.meta.title, query), best ? titleWeight(best.title, query) : 1);
    return {
      url: best ? best.url : data.url,
      title: best ? data.meta.title + ": " + best.title : (data.meta.title || data.url),
      place: [data.meta.kind, (data.meta.place || "") + (best ? " · minute " + minuteNumber(best) : "")].filter(Boolean).join(" · "),
      excerpt: best ? best.excerpt : data.excerpt,
      date: data.meta.date || "",
      also: minutes.slice(1).map((m) => ({ url: m.sub.url, title: "Minute " + m.sub.title.replace(/^(\d+[a-z]?)\.\s*/i, "$1: ") })),
      exact,
      // Pagefind's score, of a bundle's own statistics, is damped: bundles differ in size and words.
      score: Math.sqrt(result.score) * (pageScore / (balanced(data.weighted_locations) || 1)) * weight * (exact ? 1000 : 1),
    };
  }

  function resolutionItems(result, data, query) {
    // The resolutions index of a committee and year: each minute is a sub-result whose id names
    // its meeting; the result lands on the minute's first matching resolution (Pagefind lists
    // every element with an id, with its word position) in the minutes themselves.
    const resolutions = (data.anchors || []).filter((anchor) => /-resolution-/.test(anchor.id));
    const places = phrasePlaces(data, query);
    return (data.sub_results || [])
      .filter((sub) => /#\d{4}-\d{2}-\d{2}(?:-\d+)?-minute-/.test(sub.url))
      .map((sub) => ({ sub, score: partScore(data, sub.weighted_locations || [], query, places) }))
      .filter((m) => m.score > 0)
      .sort((a, b) => b.score - a.score)
      .map(({ sub, score }) => {
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
          place: ["Resolution", data.meta.place, date ? formatDate(date) : ""].filter(Boolean).join(" · "),
          excerpt: sub.excerpt,
          date,
          also: [],
          exact: false,
          score: result.score * score,
        };
      });
  }

  function renderItem(entry) {
    const item = document.createElement("li");
    item.className = "search-result" + (entry.direct ? " search-direct" : "");
    item.dataset.date = entry.date;
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = entry.url;
    link.textContent = entry.title;
    heading.appendChild(link);
    const where = document.createElement("p");
    where.className = "search-result-place";
    where.textContent = entry.place;
    item.append(heading, where);
    if (entry.excerpt) {
      const text = document.createElement("p");
      text.className = "search-result-excerpt";
      text.appendChild(excerpt(entry.excerpt));
      item.appendChild(text);
    }
    if (entry.also.length) item.appendChild(alsoList(entry.also));
    return item;
  }

  function alsoList(also) {
    const block = document.createElement("div");
    block.className = "search-result-also";
    const label = document.createElement("p");
    label.textContent = "Also in this meeting:";
    const items = document.createElement("ul");
    also.forEach((minute) => {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = minute.url;
      link.textContent = minute.title;
      li.appendChild(link);
      items.appendChild(li);
    });
    block.append(label, items);
    return block;
  }

  // ---------------------------------------------------------------- reading results

  async function itemsOf(results, query) {
    const data = await Promise.all(results.map((result) => result.data()));
    return data.flatMap((entry, i) => (entry.meta.kind === "Resolution"
      ? resolutionItems(results[i], entry, query)
      : [pageItem(results[i], entry, query)].filter(Boolean)));
  }

  function ordered(items, order) {
    if (order) return items.sort((a, b) => (order === "newest" ? b.date.localeCompare(a.date) : a.date.localeCompare(b.date)));
    return items.sort((a, b) => b.score - a.score);
  }

  // The next page of results: Pagefind's next twenty, scored again; with a phrase, as many as
  // it takes to find twenty that contain it.
  async function showMore() {
    const search = current;
    let items = [];
    let read = 0;
    do {
      const next = search.pending.splice(0, PAGE_SIZE);
      read += next.length;
      items = items.concat(await itemsOf(next, search.query));
    } while (search.query.phrases.length && items.length < PAGE_SIZE && search.pending.length && read < MOST_FRAGMENTS_PER_PAGE);
    if (search !== current) return 0;
    ordered(items, search.order).forEach((entry) => list.appendChild(renderItem(entry)));
    search.shown += items.length;
    more.hidden = search.pending.length === 0;
    return items.length;
  }

  // ---------------------------------------------------------------- citations and dates

  const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
  const NAMED_DATE = /^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})$/i;
  const NUMBER_DATE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$/;
  const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
  const MINUTE_WORDS = /^(?:minutes?|min\.?)\s*(?:no\.?\s*)?(\d+[a-z]?)(?:\/(\d{4}|\d{2}))?$/i;
  const BARE_CITATION = /^(\d+[a-z]?)\/(\d{4}|\d{2})$/;

  function monthOf(name) {
    const word = name.toLowerCase();
    const index = MONTHS.findIndex((month) => month === word || (word.length >= 3 && month.startsWith(word) && (word.length === 3 || word === "sept")));
    return index + 1;
  }

  function fullYear(digits) {
    const year = parseInt(digits, 10);
    return digits.length === 2 ? year + (year < 70 ? 2000 : 1900) : year;
  }

  function dateOf(text) {
    let day, month, year;
    let m = text.match(NAMED_DATE);
    if (m && monthOf(m[2])) [day, month, year] = [+m[1], monthOf(m[2]), +m[3]];
    else if ((m = text.match(NUMBER_DATE))) [day, month, year] = [+m[1], +m[2], fullYear(m[3])];
    else if ((m = text.match(ISO_DATE))) [day, month, year] = [+m[3], +m[2], +m[1]];
    else return null;
    const date = new Date(Date.UTC(year, month - 1, day));
    const real = month >= 1 && month <= 12 && date.getUTCDate() === day && date.getUTCMonth() === month - 1;
    const label = day + " " + (MONTHS[month - 1] ? MONTHS[month - 1][0].toUpperCase() + MONTHS[month - 1].slice(1) : "month " + month) + " " + year;
    return { kind: "date", real, label, iso: real ? date.toISOString().slice(0, 10) : "" };
  }

  function municipalYear(suffix) {
    if (!suffix) return "";
    const start = fullYear(suffix);
    return start + "/" + String((start + 1) % 100).padStart(2, "0");
  }

  // A citation as the archive's text writes one: the word minute and a number (`Minute No. 62`,
  // `minute 28/16`), a number and year alone (`28/16`), or a committee's own pattern (`SB17/3`),
  // the pattern the reference finder uses, from the map's index.
  function citationOf(text, committees) {
    let m = text.match(MINUTE_WORDS) || text.match(BARE_CITATION);
    if (m) return { kind: "citation", number: m[1].toLowerCase(), year: municipalYear(m[2]), committee: -1, label: text };
    for (let c = 0; c < committees.length; c++) {
      if (!committees[c].citation) continue;
      m = text.match(new RegExp("^(?:minute\\s+)?(?:" + committees[c].citation + ")$", "i"));
      if (m) return { kind: "citation", number: m.groups.number.toLowerCase(), year: municipalYear(m.groups.year), committee: c, label: text };
    }
    return null;
  }

  // Only a query shaped like a date or a citation loads the map (a committee's own pattern has
  // at most a few letters before its numbers: `SB17/3`, `OS.14`).
  const CITATION_SHAPE = /^(?:minute\s+)?[a-z]{0,6}[\s./-]?\d+[a-z]?(?:[./-]\d+[a-z]?){0,2}$/i;
  function mightBeReference(text) {
    return text.length <= 40 && (dateOf(text) !== null || MINUTE_WORDS.test(text) || CITATION_SHAPE.test(text));
  }

  const mapFiles = {};
  function mapFile(name) {
    if (!mapFiles[name]) {
      mapFiles[name] = fetch(root + "search-map/" + name).then((response) => {
        if (!response.ok) throw new Error("the map of citations could not be read");
        return response.json();
      });
      mapFiles[name].catch(() => { delete mapFiles[name]; });
    }
    return mapFiles[name];
  }

  function shardOf(number, shards) {
    let value = 0;
    for (let i = 0; i < number.length; i++) value = (Math.imul(value, 31) + number.charCodeAt(i)) >>> 0;
    return value & (shards - 1);
  }

  async function lookUp(text) {
    if (!mightBeReference(text)) return null;
    const date = dateOf(text);
    if (date && !date.real) return { reference: date, items: [] };
    const index = await mapFile("index.json");
    if (date) return { reference: date, items: await meetingsOn(date, index) };
    const citation = citationOf(text, index.committees);
    return citation ? { reference: citation, items: await minutesCited(citation, index) } : null;
  }

  async function meetingsOn(date, index) {
    const year = date.iso.slice(0, 4);
    if (!index.years.includes(year)) return [];
    const rows = (await mapFile("dates/" + year + ".json"))[date.iso] || [];
    return rows.map(([c, slug, title]) => {
      const committee = index.committees[c];
      return directItem(root + committee.url + slug + "/", (title || committee.name) + ", " + formatDate(date.iso),
        "Meeting on this date · " + committee.council + " · " + committee.name, date.iso);
    });
  }

  async function minutesCited(citation, index) {
    const rows = (await mapFile("citations/" + shardOf(citation.number, index.shards) + ".json"))[citation.number] || [];
    return rows
      .filter(([c, , , , , year]) => (citation.committee < 0 || c === citation.committee) && (!citation.year || year === citation.year))
      .sort((a, b) => b[1].localeCompare(a[1]))
      .map(([c, slug, anchor, number, title]) => {
        const committee = index.committees[c];
        const iso = slug.slice(0, 10);
        return directItem(root + committee.url + slug + "/#" + anchor, "Minute " + number + ": " + title,
          "Minute cited · " + committee.council + " · " + committee.name + " · " + formatDate(iso), iso);
      });
  }

  function directItem(url, title, place, date) {
    return { url, title, place, date, excerpt: "", also: [], direct: true };
  }

  function referenceNote(found) {
    const reference = found.reference;
    if (reference.kind === "date" && !reference.real) return "There is no " + reference.label + ": check the day and month.";
    const count = found.items.length;
    if (reference.kind === "date") {
      return count ? (count === 1 ? "One meeting was" : count + " meetings were") + " held on " + formatDate(reference.iso) + "."
                   : "No meeting on " + formatDate(reference.iso) + " is in this archive.";
    }
    const year = reference.year ? " of " + reference.year : "";
    return count ? "“" + reference.label + "” cites " + (count === 1 ? "one minute" : count + " minutes") + year + " in this archive" + (count > 1 ? ", newest first." : ".")
                 : "No minute " + reference.number + year + " is in this archive" + (reference.committee >= 0 ? " for that committee" : "") + ".";
  }

  // ---------------------------------------------------------------- the address and the filters

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

  function showFiltersSet() {
    const set = selects.filter((select) => select.value).length;
    setCount.textContent = set ? "(" + set + " set)" : "(none set)";
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
      const values = Object.keys(available[select.dataset.filter] || {}).sort((a, b) => a.localeCompare(b, "en-GB", { sensitivity: "base" }));
      values.forEach((value) => {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      select.value = select.dataset.wanted || "";
    });
  }

  // ---------------------------------------------------------------- a search

  async function run() {
    writeAddress();
    showFiltersSet();
    list.replaceChildren();
    notice.textContent = "";
    more.hidden = true;
    current = null;
    const query = parseQuery(input.value);
    if (!query.typed) {
      status.textContent = "Type a word or phrase to search. To browse every meeting, use the council and committee pages.";
      return;
    }
    if (!query.words.length) {
      status.textContent = "“" + query.typed + "” has no letters or numbers to search for. Type a word, a name, a minute such as “minute 62”, or a date such as “30 April 2014”.";
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
    const pagefindModule = await engine();
    const [found, answer] = await Promise.all([lookUp(query.text).catch(() => null), pagefindModule.search(query.words.join(" "), options)]);
    const direct = found ? found.items : [];
    direct.forEach((entry) => list.appendChild(renderItem(entry)));
    let search = await showResults(query, order, answer);
    let similar = false;
    if (search && !search.shown && !direct.length && query.words.some((word) => word.length >= 5)) {
      // Misspelt? Pagefind matches whole words or their beginnings: ask for the beginnings of
      // the long words, and keep the words a letter or two from those typed.
      search = await showResults(query, order, await pagefindModule.search(query.words.map(beginning).join(" "), options));
      similar = Boolean(search && search.shown);
    }
    if (!search || current !== search) return;
    notice.textContent = [query.long ? "Your search was long: only its first " + query.words.length + " words were searched for." : "",
                          found ? referenceNote(found) : ""].filter(Boolean).join(" ");
    status.textContent = statusText(search, filters, direct.length, similar);
  }

  function beginning(word) {
    return word.length >= 5 ? word.slice(0, 4) : word;
  }

  async function showResults(query, order, answer) {
    const search = { query, order, pending: answer.results.slice(), total: answer.results.length, shown: 0 };
    current = search;
    if (search.pending.length) await showMore();
    return current === search ? search : null;
  }

  function statusText(search, filters, direct, similar) {
    const query = search.query;
    const narrowed = Object.keys(filters).length ? " with the filters chosen" : "";
    const quoted = "“" + query.text + "”";
    const all = more.hidden;
    if (query.phrases.length) {
      const phrases = query.phrases.map((words) => "“" + words.join(" ") + "”").join(" and ");
      const counted = search.shown ? (all ? "" : "at least ") + search.shown + (search.shown === 1 ? " result contains " : " results contain ") : "No result contains ";
      return counted + "the exact phrase " + phrases + narrowed + "." + (search.shown ? "" : " Try it without quotation marks.");
    }
    if (!search.shown && !direct) {
      return "No results for " + quoted + narrowed + ". Try fewer or different words" + (narrowed ? ", or remove a filter" : "") + ".";
    }
    // Pagefind's count holds the pages it matched only by a word's first letters: once every
    // result has been read, the count is of those shown.
    const count = filters.kind === "Resolution" || all ? search.shown : search.total;
    const counted = (filters.kind === "Resolution" && !all ? "at least " : "") + count +
                    (filters.kind === "Resolution" ? (count === 1 ? " resolution" : " resolutions") : (count === 1 ? " result" : " results"));
    if (similar) return "No results for " + quoted + narrowed + "; " + counted + " with words like it.";
    return counted + " for " + quoted + narrowed + ".";
  }

  function failed(error) {
    status.textContent = "Search could not start (" + error.message + "). Browse by council and committee instead.";
  }

  // Every search ends by naming its query on the form (data-searched), for whoever waits on it.
  function search() {
    return run().catch(failed).finally(() => { form.dataset.searched = input.value.trim(); });
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
  selects.forEach((select) => select.addEventListener("change", () => {
    showFiltersSet();
    if (input.value.trim()) search(); else writeAddress();
  }));
  more.addEventListener("click", () => showMore().catch(failed));
  readAddress();
  showFiltersSet();
  if (narrowScreen.matches) fold.open = false;
  form.querySelector(".search-filters").addEventListener("focusin", () => fillFilters().catch(failed));
  fold.addEventListener("toggle", () => { if (fold.open) fillFilters().catch(failed); });
  const filtersWanted = selects.some((select) => select.dataset.filter && select.dataset.wanted);
  (filtersWanted ? fillFilters().catch(failed).then(search) : search().then(() => input.value.trim() && fillFilters())).catch(failed);
})();
