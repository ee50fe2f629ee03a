// Live updates for the order page: each server-sent "order" event carries the
// page's data, and the page is re-rendered from it. Text goes in through
// textContent only, never as HTML. Without JavaScript the page still shows the
// order as it was when it was loaded.
(() => {
  "use strict";

  const page = document.getElementById("order");
  if (!page || !("EventSource" in window)) {
    return;
  }
  const live = document.getElementById("live-note");
  // Only the order's customer has the actions (staff see it read-only).
  const cancel = document.getElementById("cancel-order");
  cancel?.addEventListener("submit", (submitted) => {
    const question = cancel.querySelector("[data-confirm]").dataset.confirm;
    if (!window.confirm(question)) {
      submitted.preventDefault();
    }
  });
  const source = new EventSource(page.dataset.eventsUrl);
  // An order turns late as time passes, with no event to say so.
  window.setInterval(showWhetherLate, 15000);

  source.addEventListener("open", () => {
    live.hidden = false;
  });
  source.addEventListener("error", () => {
    live.hidden = true; // the browser reconnects by itself
  });
  source.addEventListener("order", (message) => {
    const order = JSON.parse(message.data);
    render(order);
    if (order.final) {
      source.close();
      live.hidden = true;
    }
  });

  function render(order) {
    renderStatus(order);
    renderEta(order.eta);
    renderReasons(order.reasons);
    renderPizzas(order);
    renderTimeline(order.timeline);
  }

  function renderStatus(order) {
    const badge = document.getElementById("order-status");
    if (order.status !== badge.dataset.status) {
      // Notices such as "Order placed." were about the order as it was.
      for (const notice of document.querySelectorAll("main > .flash")) {
        notice.hidden = true;
      }
    }
    badge.className = `status status-${order.status}`;
    badge.dataset.status = order.status;
    badge.textContent = order.status_label;
    document.getElementById("status-note").textContent = order.status_note;
    document.getElementById("order-delayed").hidden = !order.delayed;
    if (cancel) {
      cancel.hidden = !order.cancellable;
    }
  }

  function renderEta(eta) {
    const line = document.getElementById("order-eta");
    line.hidden = eta === null;
    if (eta === null) {
      delete line.dataset.lateAfter;
      return;
    }
    line.dataset.lateAfter = eta.late_after;
    const time = element("time", {}, eta.time);
    time.dateTime = eta.expected_at;
    time.dataset.format = "clock";
    line.querySelector("time").replaceWith(time);
    showWhetherLate();
  }

  function showWhetherLate() {
    const line = document.getElementById("order-eta");
    const lateAfter = Date.parse(line.dataset.lateAfter);
    const late = !Number.isNaN(lateAfter) && Date.now() > lateAfter;
    line.classList.toggle("is-late", late);
    line.querySelector(".eta-on-time").hidden = late;
    line.querySelector(".eta-late").hidden = !late;
  }

  function renderReasons(reasons) {
    const list = document.getElementById("order-reasons");
    list.replaceChildren(...reasons.map((reason) => element("li", {}, reason)));
    list.hidden = reasons.length === 0;
  }

  function renderPizzas(order) {
    const rows = order.pizzas.map((pizza) =>
      element(
        "tr",
        {},
        element(
          "td",
          {},
          element(
            "strong",
            {},
            pizza.quantity > 1 ? `${pizza.quantity} × ${pizza.title}` : pizza.title,
          ),
          element("br"),
          element("span", { className: "muted" }, pizza.details),
        ),
        element("td", { className: "number" }, pizza.price),
      ),
    );
    document.getElementById("order-pizzas").replaceChildren(...rows);
    document.getElementById("order-total").textContent = order.total;
  }

  function renderTimeline(steps) {
    const items = steps.map((step, index) => {
      const asOf = element(
        "a",
        { className: "as-of", href: `?at=${index + 1}` },
        "As of this step",
        element("span", { className: "visually-hidden" }, ` (${index + 1})`),
      );
      const time = element("time", {}, step.time);
      time.dateTime = step.at;
      time.dataset.format = "time";
      const item = element(
        "li",
        {},
        time,
        " ",
        element("strong", { className: "what" }, step.what),
        " ",
        element("span", { className: "by" }, step.by),
        element("p", { className: "detail" }, step.detail),
        asOf,
      );
      item.dataset.event = step.event;
      return item;
    });
    document.getElementById("timeline").replaceChildren(...items);
  }

  // A new element with these properties; strings among the children become
  // text nodes.
  function element(tag, properties = {}, ...children) {
    const node = Object.assign(document.createElement(tag), properties);
    node.append(...children);
    return node;
  }
})();
