// Times in the reader's own time zone. The server writes every time in UTC,
// inside <time datetime="..."> (ISO 8601); this rewrites the words in the
// browser's zone and keeps doing so for times that live updates add later.
// Without JavaScript the page keeps its UTC times.
(() => {
  "use strict";

  const formats = {
    time: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
    clock: { hour: "2-digit", minute: "2-digit" },
    datetime: {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
    },
  };

  const localise = (root) => {
    for (const node of root.querySelectorAll("time[datetime][data-format]")) {
      const moment = new Date(node.dateTime);
      if (!Number.isNaN(moment.getTime())) {
        node.textContent = moment.toLocaleString([], formats[node.dataset.format]);
        node.title = `${node.dateTime} (UTC)`;
      }
    }
  };

  localise(document);
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const added of change.addedNodes) {
        if (added instanceof Element) {
          localise(added.parentElement || added);
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
