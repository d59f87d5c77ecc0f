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
