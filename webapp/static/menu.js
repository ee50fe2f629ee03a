// The menu's extras: once the most a pizza may have are ticked, the others
// are disabled until one is unticked, and a note says why. The server still
// refuses more (without JavaScript, or from anyone who gets around this).
(() => {
  "use strict";

  const section = document.querySelector("fieldset[data-most]");
  if (!section) {
    return;
  }
  const most = Number(section.dataset.most);
  // Extras out of stock stay disabled whatever is ticked.
  const boxes = [...section.querySelectorAll("input[type=checkbox]:not(:disabled)")];
  const note = document.getElementById("extras-note");

  const update = () => {
    const chosen = boxes.filter((box) => box.checked).length;
    const full = chosen >= most;
    for (const box of boxes) {
      box.disabled = full && !box.checked;
    }
    note.textContent = full
      ? `That is ${most}, the most extras a pizza can have: untick one to choose another.`
      : "";
  };
  section.addEventListener("change", update);
  update();
})();
