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
  const plural = (one, other, n) => (n === 1 ? one : other).replace(/\d+/, String(n));
  const update = () => {
    const n = boxes.filter((b) => b.checked).length;
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
  bar.querySelector(".sel-all").addEventListener("click", () => { boxes.forEach((b) => { b.checked = true; }); update(); });
  bar.querySelector(".sel-none").addEventListener("click", () => { boxes.forEach((b) => { b.checked = false; }); last = null; update(); });
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
    const n = boxes.filter((b) => b.checked).length;
    const say = (msg) => {
      e.preventDefault();
      problem.textContent = msg;
    };
    if (n === 0) return say(text.none);
    const needs = button.dataset.needs;
    if (needs === "album" && !form.querySelector("#b-album").value) return say(text.noAlbum);
    if (needs === "tag" && !form.querySelector("#b-tags").value.trim()) return say(text.noTag);
    const kind = button.dataset.confirm;
    if (!kind) return;
    e.preventDefault();
    const d = text;
    const q = kind === "delete" ? plural(d.confirmDeleteOne, d.confirmDeleteOther, n) : plural(d.confirmRemoveOne, d.confirmRemoveOther, n);
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
