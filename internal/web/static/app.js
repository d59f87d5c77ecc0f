// Imagier's small progressive enhancements. Every page works without it.
"use strict";

// The viewer: arrow keys and swipes move to the previous or next item, and
// a slideshow shows the next item every five seconds in full screen.
(function viewer() {
  const v = document.querySelector(".viewer");
  if (!v) return;
  const go = (dir) => {
    const url = v.dataset[dir];
    if (url) location.assign(url);
  };
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest("input, textarea, select")) return;
    if (e.key === "ArrowLeft") go("prev");
    if (e.key === "ArrowRight") go("next");
  });
  let x0 = null;
  v.addEventListener("touchstart", (e) => { x0 = e.touches[0].clientX; }, { passive: true });
  v.addEventListener("touchend", (e) => {
    if (x0 === null) return;
    const dx = e.changedTouches[0].clientX - x0;
    x0 = null;
    if (Math.abs(dx) > 60) go(dx > 0 ? "prev" : "next");
  });
  // The slideshow stays on this page, in full screen: it fetches the next
  // item's page, swaps the picture in place and carries on.
  const button = v.querySelector(".slideshow");
  let timer = null;
  const step = async () => {
    const url = v.dataset.next;
    if (!url || !document.fullscreenElement) return;
    const html = await (await fetch(url, { credentials: "same-origin" })).text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    const nv = doc.querySelector(".viewer");
    const img = nv && nv.querySelector("#photo");
    const cur = v.querySelector("#photo");
    if (img && cur) {
      cur.srcset = img.getAttribute("srcset");
      cur.src = img.getAttribute("src");
      cur.alt = img.getAttribute("alt");
    }
    if (nv) {
      v.dataset.next = nv.dataset.next || "";
      v.dataset.prev = nv.dataset.prev || "";
      history.replaceState(null, "", url);
    }
    timer = setTimeout(step, 5000);
  };
  if (button && document.fullscreenEnabled) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      await v.requestFullscreen().catch(() => {});
      timer = setTimeout(step, 5000);
    });
    document.addEventListener("fullscreenchange", () => {
      if (!document.fullscreenElement && timer) {
        clearTimeout(timer);
        timer = null;
        location.reload(); // show the page of the item the slideshow ended on
      }
    });
  }
})();

// The language menu applies as soon as it changes.
(function language() {
  const form = document.querySelector("form.lang");
  if (!form) return;
  form.querySelector("select").addEventListener("change", () => form.submit());
})();

// Grids with checkboxes: shift-click selects a range, and a button selects
// every item of the page.
(function selection() {
  for (const form of document.querySelectorAll("form.selectable")) {
    const boxes = [...form.querySelectorAll("input.pick")];
    let last = null;
    boxes.forEach((box, i) => box.addEventListener("click", (e) => {
      if (e.shiftKey && last !== null) {
        const [a, b] = [Math.min(last, i), Math.max(last, i)];
        for (let j = a; j <= b; j++) boxes[j].checked = box.checked;
      }
      last = i;
    }));
    const all = form.querySelector(".select-all");
    if (all) {
      all.hidden = false;
      all.addEventListener("click", () => {
        const on = boxes.some((b) => !b.checked);
        boxes.forEach((b) => { b.checked = on; });
      });
    }
  }
})();

// Tag fields suggest the library's tags as one types the last tag.
(function tagSuggestions() {
  for (const input of document.querySelectorAll("input.tag-input")) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) continue;
    let pending = null;
    input.addEventListener("input", () => {
      clearTimeout(pending);
      pending = setTimeout(async () => {
        const parts = input.value.split(",");
        const q = parts.pop().trim();
        if (!q) return;
        const res = await fetch("/api/tags?q=" + encodeURIComponent(q), { credentials: "same-origin" });
        if (!res.ok) return;
        const prefix = parts.length ? parts.join(",") + ", " : "";
        list.replaceChildren(...(await res.json() || []).map((t) => {
          const o = document.createElement("option");
          o.value = prefix + t;
          return o;
        }));
      }, 150);
    });
  }
})();

// Uploads: files go in chunks, three at a time; a dropped connection is
// retried from the offset the server has, so nothing is sent twice.
(function upload() {
  const form = document.getElementById("upload");
  if (!form) return;
  const csrf = form.dataset.csrf;
  const list = document.getElementById("up-list");
  const total = document.getElementById("up-total");
  const summary = document.getElementById("up-summary");
  const text = list.dataset;
  const CHUNK = 4 << 20, PARALLEL = 3;
  const queue = [];
  let active = 0, done = 0, count = 0, sent = 0, size = 0;
  const headers = (extra) => Object.assign({ "X-CSRF-Token": csrf }, extra);
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const refresh = () => {
    total.max = Math.max(size, 1);
    total.value = sent;
    summary.textContent = text.summary.replace("%d", done).replace("%d", count);
  };
  const row = (file) => {
    const li = document.createElement("li");
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = file.webkitRelativePath || file.name;
    const bar = document.createElement("progress");
    bar.max = Math.max(file.size, 1);
    bar.value = 0;
    bar.setAttribute("aria-label", name.textContent);
    const state = document.createElement("span");
    state.textContent = text.waiting;
    li.append(name, bar, state);
    list.append(li);
    return { bar, state, li };
  };
  async function send(file, ui) {
    let album = form.querySelector("#up-album").value;
    const res = await fetch("/api/uploads", {
      method: "POST", credentials: "same-origin", headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ name: file.name, size: file.size, album: +album, new_album: (form.querySelector("#up-new") || {}).value || "" }),
    });
    const start = await res.json();
    if (!res.ok) throw new Error(start.error || res.statusText);
    let offset = 0, tries = 0;
    while (offset < file.size) {
      try {
        const r = await fetch("/api/uploads/" + start.id, {
          method: "PATCH", credentials: "same-origin",
          headers: headers({ "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" }),
          body: file.slice(offset, offset + CHUNK),
        });
        const got = +(r.headers.get("Upload-Offset") || offset);
        if (!r.ok && r.status !== 409) throw new Error(String(r.status));
        sent += got - offset;
        offset = got;
        tries = 0;
      } catch (e) {
        if (++tries > 8) throw e;
        ui.state.textContent = text.retrying;
        await wait(Math.min(30000, 500 * 2 ** tries));
        const h = await fetch("/api/uploads/" + start.id, { method: "HEAD", credentials: "same-origin" }).catch(() => null);
        if (h && h.ok) {
          const got = +h.headers.get("Upload-Offset");
          sent += got - offset;
          offset = got;
        }
      }
      ui.bar.value = offset;
      refresh();
    }
    const fin = await fetch("/api/uploads/" + start.id + "/finish", { method: "POST", credentials: "same-origin", headers: headers() });
    return fin.json();
  }
  async function next() {
    while (active < PARALLEL && queue.length) {
      const { file, ui } = queue.shift();
      active++;
      send(file, ui).then((r) => {
        if (r.outcome === "rejected" || r.error) {
          ui.state.textContent = text.rejected.replace("%s", r.reason || r.error);
          ui.li.classList.add("rejected");
        } else {
          ui.state.textContent = r.outcome === "duplicate" ? text.duplicate : r.outcome === "pending" ? text.pending : text.imported;
          ui.bar.value = ui.bar.max;
        }
      }, (e) => {
        ui.state.textContent = text.rejected.replace("%s", e.message);
        ui.li.classList.add("rejected");
      }).finally(() => {
        active--;
        done++;
        refresh();
        next();
      });
    }
  }
  const add = (files) => {
    for (const file of files) {
      queue.push({ file, ui: row(file) });
      count++;
      size += file.size;
    }
    refresh();
    next();
  };
  for (const id of ["up-files", "up-folder"]) {
    const input = document.getElementById(id);
    input.addEventListener("change", () => { add(input.files); input.value = ""; });
  }
  const drop = document.getElementById("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    add(e.dataTransfer.files);
  });
})();

// Arranging: an album's photos (the display order page, in manual order)
// and sibling album cards (for administrators) move by drag and drop; the
// photos' Earlier and Later buttons move them without reloading the page,
// keep the focus and say where the photo went. Without script, the
// buttons post their forms and the page comes back.
(function arrange() {
  const post = (url, csrf, fields) => fetch(url, {
    method: "POST", credentials: "same-origin", redirect: "manual",
    headers: { "X-Requested-With": "imagier", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(Object.assign({ csrf }, fields)),
  }).then((res) => { if (res.status !== 204) throw new Error(String(res.status)); });

  // sortable makes the children of list draggable; drop(el, target, after)
  // saves a move of el just before (or after) target and returns a promise.
  const sortable = (list, items, drop) => {
    let dragged = null;
    for (const li of items) {
      li.draggable = true;
      li.addEventListener("dragstart", (e) => {
        dragged = li;
        li.classList.add("dragging");
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", li.dataset.key || "");
      });
      li.addEventListener("dragend", () => { li.classList.remove("dragging"); dragged = null; });
      li.addEventListener("dragover", (e) => {
        if (!dragged || dragged === li) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
      });
      li.addEventListener("drop", (e) => {
        if (!dragged || dragged === li) return;
        e.preventDefault();
        const el = dragged;
        const all = [...list.children];
        const after = all.indexOf(el) < all.indexOf(li);
        li.insertAdjacentElement(after ? "afterend" : "beforebegin", el);
        drop(el, li, after).catch(() => location.reload());
      });
    }
  };

  const list = document.querySelector("ol[data-arrange]");
  if (list) {
    const status = document.getElementById("arrange-status");
    const url = list.dataset.arrange, csrf = list.dataset.csrf;
    const say = (li) => {
      const all = [...list.children];
      status.textContent = list.dataset.moved.replace("%d", all.indexOf(li) + 1).replace("%d", all.length);
    };
    const fail = () => { status.textContent = list.dataset.failed; };
    sortable(list, list.children, (el, target, after) =>
      post(url, csrf, { key: el.dataset.key, target: target.dataset.key, after: after ? "1" : "" }).then(() => say(el)));
    list.addEventListener("click", (e) => {
      const b = e.target.closest("button[name=step]");
      if (!b) return;
      e.preventDefault();
      const li = b.closest("li");
      const step = b.value === "-1" ? -1 : 1;
      const other = step < 0 ? li.previousElementSibling : li.nextElementSibling;
      post(url, csrf, { key: li.dataset.key, step: String(step) }).then(() => {
        // At a page's edge the neighbour is on another page.
        if (!other) { location.reload(); return; }
        other.insertAdjacentElement(step < 0 ? "beforebegin" : "afterend", li);
        b.focus();
        say(li);
      }).catch(fail);
    });
  }

  for (const ul of document.querySelectorAll("ul.albums[data-place]")) {
    const id = (li) => (li.querySelector("a[href^='/albums/']").getAttribute("href").match(/\d+/) || [""])[0];
    const items = [...ul.children].filter((li) => li.querySelector("a[href^='/albums/']"));
    for (const li of items) li.dataset.key = id(li);
    sortable(ul, items, (el) => {
      // el is in its new place already: it goes before its new neighbour.
      const next = el.nextElementSibling;
      return post("/albums/" + el.dataset.key + "/place", ul.dataset.place, { before: next ? next.dataset.key : "0" });
    });
  }
})();
