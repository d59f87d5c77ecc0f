// The search box and the results page. Without this script the box is a
// plain form and the facets panel stays open: everything works, only the
// suggestions are missing.

// The header's search box becomes a combobox (the ARIA 1.2 pattern with a
// listbox): as one types, it offers the tags, albums, places, field values
// and cameras whose name starts with the word being typed, with how many
// items have them. Arrow keys move through the list, Enter takes the
// suggestion, which replaces the word with its query, Escape closes the
// list, and a live region says how many suggestions there are.
(function searchBox() {
  const input = document.getElementById("search-q");
  if (!input) return;
  const list = document.getElementById(input.dataset.listbox);
  const status = document.getElementById(input.dataset.status);
  if (!list || !status) return;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.dataset.label);

  let items = [];
  let active = -1;
  let timer = null;
  let asked = 0; // the number of the latest request: older answers are dropped
  let swallow = false; // an Enter took a suggestion: its keypress must not submit

  // word is the word the caret is in: from the last space before it that
  // is not inside quotes, to the next space.
  const word = () => {
    const v = input.value;
    const caret = input.selectionStart ?? v.length;
    let start = 0;
    let quoted = false;
    for (let i = 0; i < caret; i++) {
      if (v[i] === '"') quoted = !quoted;
      else if (!quoted && /\s/.test(v[i])) start = i + 1;
    }
    let end = caret;
    while (end < v.length && !/\s/.test(v[end])) end++;
    return { start, end, text: v.slice(start, end) };
  };

  // lead is what stays before a suggestion: a minus or opening
  // parentheses typed before the word.
  const lead = (text) => text.match(/^[-(]*/)[0];

  // prefix is what the suggestions are asked for: the word without its
  // lead, its operator or its opening quote.
  const prefix = (text) => {
    let p = text.slice(lead(text).length);
    const colon = p.indexOf(":");
    if (colon >= 0) p = p.slice(colon + 1);
    return p.replace(/^"/, "").replace(/"$/, "");
  };

  // run is what the suggestions are asked for: the word the caret is in
  // and, when it is a bare word, the bare words typed just before it (a
  // name may have several words), each with where it starts in the box.
  const keywords = new Set(["OR", "OU", "AND", "ET"]);
  const bare = (w) => w !== "" && !/[:"()|]/.test(w) && !w.startsWith("-") && !keywords.has(w);
  const run = () => {
    const w = word();
    if (!bare(w.text)) return { end: w.end, lead: lead(w.text), starts: [w.start], words: [prefix(w.text)] };
    const v = input.value;
    const starts = [w.start];
    const words = [w.text];
    let i = w.start;
    while (words.length < 4) {
      let j = i;
      while (j > 0 && /\s/.test(v[j - 1])) j--;
      if (j === i || j === 0) break;
      let k = j;
      while (k > 0 && !/\s/.test(v[k - 1])) k--;
      const prev = v.slice(k, j);
      if (!bare(prev)) break;
      starts.unshift(k);
      words.unshift(prev);
      i = k;
    }
    return { end: w.end, lead: "", starts, words };
  };

  const say = (n) => {
    const form = n === 0 ? input.dataset.count0 : n === 1 ? input.dataset.count1 : input.dataset.counts.replace("2", String(n));
    status.textContent = form;
  };

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const move = (i) => {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((o, j) => o.setAttribute("aria-selected", String(j === i)));
    active = i;
    if (i >= 0 && options[i]) {
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };

  const choose = (i) => {
    const s = items[i];
    if (!s) return;
    const r = run();
    const k = Math.min(Math.max(s.words || 1, 1), r.starts.length);
    const before = input.value.slice(0, r.starts[r.starts.length - k]) + r.lead + s.query + " ";
    input.value = before + input.value.slice(r.end).replace(/^\s+/, "");
    input.setSelectionRange(before.length, before.length);
    close();
    items = [];
    input.focus();
  };

  const show = (data) => {
    items = Array.isArray(data) ? data : [];
    list.replaceChildren(...items.map((s, i) => {
      const li = document.createElement("li");
      li.id = "search-suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.kind = s.kind;
      const label = document.createElement("span");
      label.className = "s-label";
      label.textContent = s.label;
      li.append(label);
      if (s.detail) {
        const detail = document.createElement("span");
        detail.className = "s-detail";
        detail.textContent = " (" + s.detail + ")";
        li.append(detail);
      }
      const what = document.createElement("span");
      what.className = "s-kind";
      what.textContent = ", " + s.what + ", ";
      const count = document.createElement("span");
      count.className = "s-count";
      count.textContent = s.count.toLocaleString(document.documentElement.lang);
      li.append(what, count);
      // A click chooses without taking the focus from the box.
      li.addEventListener("mousedown", (e) => e.preventDefault());
      li.addEventListener("click", () => choose(i));
      return li;
    }));
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(items.length > 0));
    say(items.length);
  };

  const ask = async () => {
    const p = run().words.join(" ").trim();
    const n = ++asked;
    if (p === "") {
      close();
      return;
    }
    try {
      const res = await fetch("/search/suggest?q=" + encodeURIComponent(p.slice(0, 100)), { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!res.ok || n !== asked) return;
      const data = await res.json();
      if (n === asked && document.activeElement === input) show(data);
    } catch {
      // No suggestions: the box still searches.
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(ask, 200);
  });
  input.addEventListener("keydown", (e) => {
    const open = !list.hidden && items.length > 0;
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (open) move((active + 1) % items.length);
        else ask();
        break;
      case "ArrowUp":
        if (open) {
          e.preventDefault();
          move(active <= 0 ? items.length - 1 : active - 1);
        }
        break;
      case "Enter":
        if (open && active >= 0) {
          e.preventDefault();
          swallow = true;
          choose(active);
        }
        break;
      case "Escape":
        if (open) {
          e.preventDefault();
          close();
        }
        break;
      case "Tab":
        close();
        break;
    }
  });
  // The Enter that takes a suggestion does not also search: some
  // browsers and assistive tools send its keypress on its own.
  input.addEventListener("keypress", (e) => {
    if (e.key === "Enter" && swallow) e.preventDefault();
  });
  input.addEventListener("keyup", (e) => {
    if (e.key === "Enter") swallow = false;
  });
  input.addEventListener("blur", () => close());
})();

// On a phone the facets fold into their panel, closed until asked for; on
// a wider screen they stand beside the results, open.
(function facetsPanel() {
  const panel = document.querySelector("details.facets-panel");
  if (!panel) return;
  const narrow = window.matchMedia("(max-width: 40em)");
  const fit = () => { panel.open = !narrow.matches; };
  fit();
  narrow.addEventListener("change", fit);
})();
