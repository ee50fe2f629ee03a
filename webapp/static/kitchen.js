// Live updates for the kitchen's board: each server-sent "board" event carries
// every column's orders, and the columns are re-rendered from it, with the same
// markup the server renders. Text goes in through textContent only, never as
// HTML. Without JavaScript the board still works; it just needs reloading.
(() => {
  "use strict";

  const board = document.getElementById("board");
  if (!board || !("EventSource" in window)) {
    return;
  }
  const live = document.getElementById("live-note");
  const source = new EventSource(board.dataset.eventsUrl);
  // Columns that changed while someone was writing a reason in them: shown
  // once they close the form, so what they type is never thrown away.
  const waiting = new Map();

  source.addEventListener("open", () => {
    live.hidden = false;
  });
  source.addEventListener("error", () => {
    live.hidden = true; // the browser reconnects by itself
  });
  source.addEventListener("board", (message) => {
    for (const column of JSON.parse(message.data).columns) {
      renderColumn(column);
    }
  });

  // "toggle" does not bubble: listen as it goes down instead.
  board.addEventListener(
    "toggle",
    (toggled) => {
      const section = toggled.target.closest("[data-stage]");
      const column = section && waiting.get(section.dataset.stage);
      if (column && !section.querySelector("details[open]")) {
        waiting.delete(column.stage);
        renderColumn(column);
      }
    },
    true,
  );

  function renderColumn(column) {
    const section = board.querySelector(`[data-stage="${column.stage}"]`);
    if (!section || section.dataset.signature === column.signature) {
      return; // unchanged: leave its buttons alone, someone may be clicking one
    }
    if (section.querySelector("details[open]")) {
      waiting.set(column.stage, column);
      return;
    }
    section.dataset.signature = column.signature;
    section.querySelector(".count").textContent = column.orders.length;
    section
      .querySelector(".tickets")
      .replaceChildren(...column.orders.map((order) => ticket(order, column)));
    section.querySelector(".empty").hidden = column.orders.length > 0;
  }

  function ticket(order, column) {
    const placed = element("time", { title: `Placed ${order.placed}` }, order.age);
    placed.dateTime = order.placed_at;
    const head = element(
      "div",
      { className: "ticket-head" },
      element("strong", { className: "ticket-id", title: order.id }, `#${order.short_id}`),
      " ",
    );
    if (order.delayed) {
      head.append(
        element(
          "span",
          { className: "delayed" },
          "Delayed",
          hidden(": this order has not moved for too long"),
        ),
        " ",
      );
    }
    head.append(placed);
    const item = element(
      "li",
      { className: order.delayed ? "ticket is-delayed" : "ticket" },
      head,
      element(
        "ul",
        { className: "ticket-pizzas" },
        ...order.pizzas.map((pizza) => element("li", {}, pizza)),
      ),
      ...customer(order),
      element("p", { className: "address" }, order.address),
      moveForm(order, column),
      stopForm(order, column),
    );
    item.dataset.orderId = order.id;
    return item;
  }

  // Who to call about the order, if it was placed with an account.
  function customer(order) {
    if (!order.customer) {
      return [];
    }
    const phone = element("a", { className: "phone", href: `tel:${order.phone}` }, order.phone);
    return [
      element("p", { className: "customer" }, element("span", { className: "name" }, order.customer), " ", phone),
    ];
  }

  function moveForm(order, column) {
    const action = board.dataset.advanceUrl.replace(
      "ORDER_ID",
      encodeURIComponent(order.id),
    );
    return element(
      "form",
      { method: "post", action },
      field("csrf_token", board.dataset.csrfToken),
      field("from_stage", column.stage),
      element(
        "button",
        { type: "submit" },
        column.move_label,
        hidden(` (order #${order.short_id})`),
      ),
    );
  }

  // Cancel (or, before the kitchen starts, refuse) with a reason, behind a
  // disclosure as the server renders it.
  function stopForm(order, column) {
    const action = board.dataset.cancelUrl.replace(
      "ORDER_ID",
      encodeURIComponent(order.id),
    );
    const id = `reason-${order.id}`;
    const reason = element("input", {
      id,
      name: "reason",
      maxLength: 200,
      autocomplete: "off",
    });
    reason.setAttribute("list", "stop-reasons");
    const form = element(
      "form",
      { method: "post", action, noValidate: true },
      field("csrf_token", board.dataset.csrfToken),
      field("from_stage", column.stage),
      element("label", { htmlFor: id }, "Why? The customer reads this."),
      reason,
      element(
        "button",
        { type: "submit", className: "secondary" },
        `${column.stop_label} order #${order.short_id}`,
      ),
    );
    return element(
      "details",
      { className: "stop" },
      element("summary", {}, `${column.stop_label}…`, hidden(` (order #${order.short_id})`)),
      form,
    );
  }

  function field(name, value) {
    return element("input", { type: "hidden", name, value });
  }

  function hidden(text) {
    return element("span", { className: "visually-hidden" }, text);
  }

  // A new element with these properties; strings among the children become
  // text nodes.
  function element(tag, properties = {}, ...children) {
    const node = Object.assign(document.createElement(tag), properties);
    node.append(...children);
    return node;
  }
})();
