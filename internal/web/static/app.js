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

// The header's menu folds behind its button on a phone; Escape closes it.
(function menu() {
  const button = document.querySelector(".top .menu-button");
  const menu = document.getElementById("site-menu");
  if (!button || !menu) return;
  const show = (open) => {
    menu.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
  };
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  menu.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      show(false);
      button.focus();
    }
  });
})();

// The language menu applies as soon as it changes.
(function language() {
  const form = document.querySelector("form.lang");
  if (!form) return;
  form.querySelector("select").addEventListener("change", () => form.submit());
})();

// Grids with checkboxes. In a selection form (album, timeline, tag and
// batch pages), the photos come first: Select, a long press or a
// Shift/Ctrl-click on an item enters selection mode, where a click on an
// item toggles it, Shift-click selects a range, and a sticky bar counts
// the selected items and offers the actions. Other selectable grids
// (review, trash) keep their boxes with the range and select-all.
(function selection() {
  for (const form of document.querySelectorAll("form.selectable")) {
    const boxes = [...form.querySelectorAll("input.pick")];
    let last = null;
    const range = (i, on) => {
      const [a, b] = [Math.min(last, i), Math.max(last, i)];
      for (let j = a; j <= b; j++) boxes[j].checked = on;
    };
    if (!form.classList.contains("selection")) {
      boxes.forEach((box, i) => box.addEventListener("click", (e) => {
        if (e.shiftKey && last !== null) range(i, box.checked);
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
      continue;
    }
    selectionMode(form, boxes);
  }
})();

// selectionMode runs one selection form: its bar, its count, its
// confirmations.
function selectionMode(form, boxes) {
  const bar = form.querySelector(".selbar");
  const text = bar.dataset;
  const count = bar.querySelector(".selcount");
  const problem = bar.querySelector(".selproblem");
  const start = document.querySelector(".select-start a");
  let last = null;
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const plural = (one, other, n) => (n === 1 ? one : other).replace(/\d+/, number.format(n));
  // On the batch of a search's results, the actions apply to every
  // result, counted by the server, not to the boxes shown.
  const total = text.total ? Number(text.total) : null;
  const selected = () => (total !== null ? total : boxes.filter((b) => b.checked).length);
  const update = () => {
    const n = selected();
    count.textContent = n === 0 ? text.count0 : plural(text.count1, text.counts, n);
    problem.textContent = "";
  };
  const on = () => form.classList.contains("selecting");
  const enter = () => {
    form.classList.add("selecting");
    bar.hidden = false;
    if (start) start.parentElement.hidden = true;
    update();
  };
  const leave = () => {
    boxes.forEach((b) => { b.checked = false; });
    form.classList.remove("selecting");
    bar.hidden = true;
    if (start) start.parentElement.hidden = false;
    last = null;
    update();
    if (start) start.focus();
  };
  const range = (i, value) => {
    const [a, b] = [Math.min(last, i), Math.max(last, i)];
    for (let j = a; j <= b; j++) boxes[j].checked = value;
  };
  // toggle flips an item, or with Shift selects the run from the last one.
  const toggle = (i, e) => {
    if (e.shiftKey && last !== null) range(i, true);
    else boxes[i].checked = !boxes[i].checked;
    last = i;
    update();
  };
  for (const b of bar.querySelectorAll("button[hidden]")) b.hidden = false;
  if (start) {
    start.setAttribute("role", "button");
    start.addEventListener("click", (e) => {
      e.preventDefault();
      enter();
      (boxes[0] || bar).focus();
    });
    start.addEventListener("keydown", (e) => {
      if (e.key === " ") {
        e.preventDefault();
        start.click();
      }
    });
  }
  const cancel = bar.querySelector(".sel-cancel");
  if (cancel && start) cancel.addEventListener("click", (e) => { e.preventDefault(); leave(); });
  bar.querySelector(".sel-all")?.addEventListener("click", () => { boxes.forEach((b) => { b.checked = true; }); update(); });
  bar.querySelector(".sel-none")?.addEventListener("click", () => { boxes.forEach((b) => { b.checked = false; }); last = null; update(); });
  boxes.forEach((box, i) => {
    box.addEventListener("click", (e) => {
      if (e.shiftKey && last !== null) range(i, box.checked);
      last = i;
      if (!on()) enter();
      update();
    });
    const card = box.parentElement.querySelector("a.card");
    if (!card) return;
    card.addEventListener("click", (e) => {
      if (on()) {
        e.preventDefault();
        toggle(i, e);
      } else if (e.shiftKey || e.ctrlKey || e.metaKey) {
        e.preventDefault();
        enter();
        box.checked = true;
        last = i;
        update();
      }
    });
    // A long press on a touch screen enters selection with the item.
    let timer = null, pressed = false;
    card.addEventListener("touchstart", () => {
      pressed = false;
      timer = setTimeout(() => {
        pressed = true;
        if (!on()) enter();
        box.checked = true;
        last = i;
        update();
      }, 500);
    }, { passive: true });
    const stop = () => clearTimeout(timer);
    card.addEventListener("touchmove", stop, { passive: true });
    card.addEventListener("touchend", (e) => {
      stop();
      if (pressed) e.preventDefault();
    });
    card.addEventListener("contextmenu", (e) => { if (pressed) e.preventDefault(); });
  });
  // Before an action: something must be selected, an album chosen for a
  // copy or move, a tag typed; a destructive action asks first, with the
  // count.
  form.addEventListener("submit", (e) => {
    const button = e.submitter;
    if (!button || button.dataset.asked) return;
    const n = selected();
    const say = (msg) => {
      e.preventDefault();
      problem.textContent = msg;
    };
    if (n === 0) return say(text.none);
    const needs = button.dataset.needs;
    if (needs === "album" && !form.querySelector("#b-album").value) return say(text.noAlbum);
    if (needs === "tag" && !form.querySelector("#b-tags").value.trim()) return say(text.noTag);
    const kind = button.dataset.confirm || (total !== null ? "all" : "");
    if (!kind) return;
    e.preventDefault();
    const d = text;
    const q = kind === "delete" ? plural(d.confirmDeleteOne, d.confirmDeleteOther, n)
      : kind === "remove" ? plural(d.confirmRemoveOne, d.confirmRemoveOther, n)
      : plural(d.confirmAllOne, d.confirmAllOther, n);
    ask(form, button, q, text.cancel);
  });
  update();
}

// ask opens a dialog with question; on yes, it submits form with button
// and a confirmed field, which the server otherwise asks for on a page of
// its own.
function ask(form, button, question, cancel) {
  let dialog = document.querySelector("dialog.confirm");
  if (!dialog) {
    dialog = document.createElement("dialog");
    dialog.className = "confirm";
    dialog.setAttribute("aria-labelledby", "confirm-q");
    dialog.innerHTML = '<form method="dialog"><p id="confirm-q"></p><div class="actions"><button value="cancel" autofocus></button><button value="ok" class="danger"></button></div></form>';
    document.body.append(dialog);
  }
  const [no, yes] = dialog.querySelectorAll("button");
  no.textContent = cancel;
  yes.textContent = button.textContent;
  dialog.querySelector("#confirm-q").textContent = question;
  dialog.returnValue = "";
  dialog.onclose = () => {
    if (dialog.returnValue !== "ok") {
      button.focus();
      return;
    }
    let flag = form.querySelector("input[name=confirmed]");
    if (!flag) {
      flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "confirmed";
      flag.value = "1";
      form.append(flag);
    }
    button.dataset.asked = "1";
    form.requestSubmit(button);
  };
  dialog.showModal();
}

// Buttons that say data-ask confirm in a dialog first.
(function asking() {
  for (const button of document.querySelectorAll("button[data-ask]")) {
    button.addEventListener("click", (e) => {
      if (button.dataset.asked) return;
      e.preventDefault();
      ask(button.form, button, button.dataset.ask, button.dataset.cancel);
    });
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

// Uploads: the files picked are listed first, each removable, and sent on
// the send button; they go in chunks, three at a time, and a dropped
// connection is retried from the offset the server has, so nothing is sent
// twice. XMP sidecars picked with their photos ("x.jpg.xmp" or "x.xmp")
// go with their photo's upload, never as files of their own. The end
// shows what was done, with links to the album and to the batch.
(function upload() {
  const form = document.getElementById("upload");
  if (!form) return;
  const csrf = form.dataset.csrf;
  const list = document.getElementById("up-list");
  const total = document.getElementById("up-total");
  const summary = document.getElementById("up-summary");
  const progress = document.getElementById("up-progress-title").closest("section");
  const picked = document.getElementById("up-picked");
  const queueList = document.getElementById("up-queue");
  const pickedCount = document.getElementById("up-picked-count");
  const sendButton = document.getElementById("up-send");
  const finish = document.getElementById("up-done");
  const newAlbum = document.getElementById("up-new");
  const text = list.dataset, ptext = picked.dataset, ftext = finish.dataset;
  const CHUNK = 4 << 20, PARALLEL = 3;
  const units = ptext.units.split(",");
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
  // plural picks the form for n among those the page gives for 0, 1 and
  // more, in its language.
  const plural = (data, name, n) => (n === 0 ? data[name + "Zero"] : n === 1 ? data[name + "One"] : data[name + "Many"]).replace("%d", number.format(n));
  const bytes = (n) => {
    let u = 0;
    while (u < units.length - 1 && Math.round(n / 100) >= 10) { n /= 1000; u++; }
    return number.format(n) + "\u00a0" + units[u];
  };
  const isSidecar = (name) => /.\.xmp$/i.test(name);
  // paths holds the paths of files found in a dropped folder, which,
  // unlike a picked folder's, do not carry them.
  const paths = new WeakMap();
  const nameOf = (file) => paths.get(file) || file.webkitRelativePath || file.name;
  const dirOf = (file) => { const p = nameOf(file); return p.slice(0, p.lastIndexOf("/") + 1); };
  // sidecarOf pairs names as the server does: "x.jpg.xmp", then "x.xmp".
  const stems = (name) => {
    const lower = name.toLowerCase(), dot = lower.lastIndexOf(".");
    return dot > 0 ? [lower, lower.slice(0, dot)] : [lower];
  };
  let photos = [], xmps = [], folder = "", offered = "";
  let active = 0, done = 0, count = 0, sent = 0, size = 0, running = false;
  let results = [], album = 0;
  const headers = (extra) => Object.assign({ "X-CSRF-Token": csrf }, extra);
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  progress.hidden = true;

  // pair gives each photo its sidecars and returns the sidecars no photo
  // of the set claims.
  const pair = () => {
    const byStem = new Map();
    for (const x of xmps) {
      const key = dirOf(x) + x.name.toLowerCase().slice(0, -4);
      if (!byStem.has(key)) byStem.set(key, []);
      byStem.get(key).push(x);
    }
    const used = new Set();
    for (const p of photos) {
      p.sidecars = [];
      for (const stem of stems(p.file.name)) {
        for (const x of byStem.get(dirOf(p.file) + stem) || []) {
          if (p.sidecars.length < 2) { p.sidecars.push(x); used.add(x); }
        }
      }
    }
    return xmps.filter((x) => !used.has(x));
  };
  // removeButton takes a file off the list, and keeps the focus on the
  // list: on the next file's button, or the file picker once none is left.
  const removeButton = (label, remove) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "remove";
    b.textContent = ptext.remove;
    b.setAttribute("aria-label", ptext.removeLabel.replace("%s", label));
    b.addEventListener("click", () => {
      const at = [...queueList.querySelectorAll("button.remove")].indexOf(b);
      remove();
      render();
      const left = queueList.querySelectorAll("button.remove");
      (left[Math.min(at, left.length - 1)] || document.getElementById("up-files")).focus();
    });
    return b;
  };
  // render lists the picked set, with its count, size and send button.
  const render = () => {
    const orphans = pair();
    const rows = [];
    let bytesPicked = 0;
    for (const p of photos) {
      bytesPicked += p.file.size;
      const li = document.createElement("li");
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = nameOf(p.file);
      const info = document.createElement("span");
      info.className = "meta";
      info.textContent = bytes(p.file.size) + (p.sidecars.length ? " · " + ptext.withSidecar.replace("%s", p.sidecars.map((x) => x.name).join(", ")) : "");
      li.append(name, info, removeButton(nameOf(p.file), () => { photos = photos.filter((q) => q !== p); }));
      rows.push(li);
    }
    for (const x of orphans) {
      const li = document.createElement("li");
      li.className = "rejected orphan";
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = nameOf(x);
      const info = document.createElement("span");
      info.textContent = ptext.orphan;
      li.append(name, info, removeButton(nameOf(x), () => { xmps = xmps.filter((y) => y !== x); }));
      rows.push(li);
    }
    queueList.replaceChildren(...rows);
    picked.hidden = rows.length === 0;
    pickedCount.textContent = plural(ptext, "count", photos.length).replace("%s", bytes(bytesPicked));
    sendButton.textContent = plural(ptext, "send", photos.length);
    sendButton.disabled = photos.length === 0 || running;
  };
  const pick = (files) => {
    for (const file of files) {
      if (isSidecar(file.name)) xmps.push(file);
      else photos.push({ file, sidecars: [] });
      const path = nameOf(file);
      if (path.includes("/")) folder = path.split("/")[0];
    }
    // A folder's name is offered as the new album's, unless one was typed.
    if (newAlbum && folder && (newAlbum.value === "" || newAlbum.value === offered)) {
      newAlbum.value = offered = folder;
    }
    finish.hidden = true;
    render();
  };

  const refresh = () => {
    total.max = Math.max(size, 1);
    total.value = sent;
    summary.textContent = text.summary.replace("%d", number.format(done)).replace("%d", number.format(count));
  };
  const row = (file) => {
    const li = document.createElement("li");
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = nameOf(file);
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
  // Failure is an error whose message is already a sentence for people.
  class Failure extends Error {}
  // answer reads a JSON answer; anything else (a proxy's page, a cut
  // connection) is told in a sentence of the page's language.
  const answer = async (res) => {
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (body && (body.error || body.reason) && !res.ok && res.status !== 422) throw new Failure(body.error || body.reason);
    if (!body) throw new Failure(res.status === 413 ? ftext.tooLarge : ftext.failed);
    if (!res.ok && res.status !== 422) throw new Failure(ftext.failed);
    return body;
  };
  const call = (url, init) => fetch(url, Object.assign({ credentials: "same-origin" }, init)).catch(() => { throw new Failure(ftext.network); });
  const base64 = async (file) => {
    const b = new Uint8Array(await file.arrayBuffer());
    let s = "";
    for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
    return btoa(s);
  };
  async function send(item, ui) {
    const file = item.file;
    const max = +ftext.sidecarMax;
    const sidecars = [];
    for (const x of item.sidecars) {
      if (x.size > max) throw new Failure(ftext.sidecarTooLarge.replace("%s", x.name));
      sidecars.push({ name: x.name, data: await base64(x) });
    }
    const start = await answer(await call("/api/uploads", {
      method: "POST", headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ name: file.name, size: file.size, album: +form.querySelector("#up-album").value, new_album: newAlbum ? newAlbum.value : "", sidecars }),
    }));
    if (start.album) album = start.album;
    let offset = 0, tries = 0;
    while (offset < file.size) {
      try {
        const r = await fetch("/api/uploads/" + start.id, {
          method: "PATCH", credentials: "same-origin",
          headers: headers({ "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" }),
          body: file.slice(offset, offset + CHUNK),
        });
        if (r.status === 404) await answer(r);
        const got = +(r.headers.get("Upload-Offset") || offset);
        if (!r.ok && r.status !== 409) throw new Error("chunk refused");
        sent += got - offset;
        offset = got;
        tries = 0;
      } catch (e) {
        if (e instanceof Failure) throw e;
        if (++tries > 8) throw new Failure(ftext.network);
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
    return answer(await call("/api/uploads/" + start.id + "/finish", { method: "POST", headers: headers() }));
  }
  const words = { imported: text.imported, duplicate: text.duplicate, pending: text.pending };
  const queue = [];
  async function next() {
    while (active < PARALLEL && queue.length) {
      const { item, ui } = queue.shift();
      active++;
      send(item, ui).then((r) => {
        results.push(r);
        ui.li.dataset.outcome = r.outcome;
        if (r.key) ui.li.dataset.key = r.key;
        if (r.outcome === "rejected") {
          ui.state.textContent = text.rejected.replace("%s", r.reason || ftext.failed);
          ui.li.classList.add("rejected");
        } else {
          ui.state.textContent = r.message || words[r.outcome] || text.imported;
          ui.bar.value = ui.bar.max;
        }
      }, (e) => {
        results.push({ outcome: "rejected" });
        ui.li.dataset.outcome = "rejected";
        ui.state.textContent = text.rejected.replace("%s", e instanceof Failure ? e.message : ftext.failed);
        ui.li.classList.add("rejected");
      }).finally(() => {
        active--;
        done++;
        refresh();
        if (done === count) finished();
        else next();
      });
    }
  }
  // finished shows the end: how many files were processed, the album they
  // went into and, when every file kept came back with its key, the batch.
  const finished = () => {
    running = false;
    document.getElementById("up-done-summary").textContent = plural(ftext, "done", count);
    const albumLink = document.getElementById("up-album-link");
    albumLink.hidden = !album;
    if (album) albumLink.href = "/albums/" + album;
    const kept = results.filter((r) => r.outcome === "imported" || r.outcome === "duplicate");
    const keys = [...new Set(kept.map((r) => r.key).filter(Boolean))];
    const batch = document.getElementById("up-batch-link");
    batch.hidden = kept.length === 0 || keys.length === 0 || kept.some((r) => !r.key);
    batch.href = "/batch?keys=" + keys.map(encodeURIComponent).join(",");
    finish.hidden = false;
    document.getElementById("up-done-title").focus();
    render();
  };
  const start = () => {
    if (running || photos.length === 0) return;
    const orphans = pair();
    running = true;
    list.replaceChildren();
    done = 0; sent = 0; size = 0; results = []; album = 0;
    count = photos.length;
    for (const x of orphans) {
      const ui = row(x);
      ui.li.classList.add("rejected");
      ui.li.dataset.outcome = "orphan";
      ui.state.textContent = ftext.orphanRow;
    }
    for (const item of photos) {
      queue.push({ item, ui: row(item.file) });
      size += item.file.size;
    }
    photos = [];
    xmps = [];
    folder = "";
    render();
    progress.hidden = false;
    finish.hidden = true;
    refresh();
    next();
  };
  form.addEventListener("submit", (e) => { e.preventDefault(); start(); });
  document.getElementById("up-again").addEventListener("click", () => {
    finish.hidden = true;
    document.getElementById("up-files").focus();
  });
  for (const id of ["up-files", "up-folder"]) {
    const input = document.getElementById(id);
    input.addEventListener("change", () => { pick(input.files); input.value = ""; });
  }
  const drop = document.getElementById("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  // A dropped folder is walked, as a picked one is listed.
  const walk = async (entry, out) => {
    if (entry.isFile) {
      const f = await new Promise((ok, ko) => entry.file(ok, ko));
      paths.set(f, entry.fullPath.replace(/^\//, ""));
      out.push(f);
      return;
    }
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok, ko) => reader.readEntries(ok, ko));
      if (!batch.length) return;
      for (const child of batch) await walk(child, out);
    }
  };
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    // The entries are read now: the drop's data is gone after the event.
    const entries = [...(e.dataTransfer.items || [])].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    if (!entries.some((en) => en.isDirectory)) {
      pick(e.dataTransfer.files);
      return;
    }
    const files = [];
    for (const en of entries) {
      // What cannot be read is left out; the rest is listed.
      try { await walk(en, files); } catch (err) { continue; }
    }
    pick(files);
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
      const number = new Intl.NumberFormat(document.documentElement.lang || undefined);
      status.textContent = list.dataset.moved.replace("%d", number.format(all.indexOf(li) + 1)).replace("%d", number.format(all.length));
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

// The menu's saved searches fold like a menu of their own: Escape or a
// click elsewhere closes them.
(function savedMenu() {
  const fold = document.querySelector(".saved-menu details");
  if (!fold) return;
  document.addEventListener("click", (e) => {
    if (fold.open && !fold.contains(e.target)) fold.open = false;
  });
  fold.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || !fold.open) return;
    e.stopPropagation();
    fold.open = false;
    fold.querySelector("summary").focus();
  });
})();
