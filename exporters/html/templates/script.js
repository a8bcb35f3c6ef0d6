(function () {
  "use strict";
  var root = document.documentElement;
  var MODE = "print-flashcards";
  root.classList.add("js");

  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  function inCardsMode() { return location.hash === "#" + MODE; }

  /* A printed card never grows: step its text down through the font sizes the
     page offers until it fits, and flag it when even the smallest is too big.
     Every pass reads all sizes first and then writes, so a big deck costs one
     layout per step, not one per card. */
  function fitCards() {
    var boxes = all(".cell-text");
    for (var step = 0; step < 6 && boxes.length; step++) {
      var over = boxes.filter(function (b) { return b.scrollHeight > b.clientHeight + 1; });
      over.forEach(function (b) {
        var fit = Number(b.getAttribute("data-fit"));
        if (fit < 5) {
          b.classList.remove("fit-" + fit);
          b.classList.add("fit-" + (fit + 1));
          b.setAttribute("data-fit", String(fit + 1));
        }
      });
      boxes = over.filter(function (b) { return b.getAttribute("data-fit") !== "5"; });
    }
    all(".cell-text").forEach(function (b) {
      b.classList.toggle("overflow", b.scrollHeight > b.clientHeight + 1);
    });
  }

  /* The preview shows the sheets at their printed size, scaled down to fit a
     narrow window; print CSS resets the zoom. */
  function previewZoom() {
    var print = document.querySelector(".cardprint");
    var sheet = document.querySelector(".sheet");
    if (!print || !sheet) return;
    print.style.zoom = "1";
    var room = document.documentElement.clientWidth - 32;
    print.style.zoom = String(Math.min(1, room / sheet.offsetWidth));
  }

  function applyMode() {
    var on = inCardsMode();
    var was = root.classList.contains("cards-mode");
    root.classList.toggle("cards-mode", on);
    if (on) {
      fitCards();
      previewZoom();
      if (!was) window.scrollTo(0, 0);
    }
  }

  function turn(card, show) {
    var back = document.getElementById(card.getAttribute("aria-controls"));
    var on = show === undefined ? card.getAttribute("aria-expanded") !== "true" : show;
    card.setAttribute("aria-expanded", String(on));
    card.classList.toggle("flipped", on);
    if (back) back.setAttribute("aria-hidden", String(!on));
  }

  function toggleAll(button, selector, open) {
    var on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    all(selector).forEach(function (el) { open(el, on); });
    return on;
  }

  function shuffle() {
    var list = document.querySelector(".cards");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = items[i]; items[i] = items[j]; items[j] = t;
    }
    items.forEach(function (li) { list.appendChild(li); });
  }

  var opened = [];
  function openForPrint() {
    if (inCardsMode() || root.classList.contains("worksheet")) return;
    opened = all("details.answer:not([open])");
    opened.forEach(function (d) { d.open = true; });
  }
  function closeAfterPrint() {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var button = target.closest("[data-action]");
    if (button) {
      var action = button.getAttribute("data-action");
      if (action === "print-cards") {
        if (!inCardsMode()) history.pushState(null, "", "#" + MODE);
        applyMode();
        window.print();
      } else if (action === "print") {
        window.print();
      } else if (action === "answers") {
        var on = toggleAll(button, "details.answer", function (d, open) { d.open = open; });
        /* The words are the page's, in its language: the script holds none, so its
           hash (the page's policy) is the same for every language. */
        button.textContent = button.getAttribute(on ? "data-hide" : "data-show");
      } else if (action === "flip-all") {
        toggleAll(button, ".flip", turn);
      } else if (action === "shuffle") {
        shuffle();
      }
      return;
    }
    var card = target.closest(".flip");
    if (card && !target.closest("a")) turn(card);
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.classList.contains("flip")) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      turn(target);
    }
  });

  /* Unticked, the page prints as a worksheet: questions without answers. */
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box instanceof HTMLInputElement && box.id === "print-answers") {
      root.classList.toggle("worksheet", !box.checked);
    }
  });

  window.addEventListener("hashchange", applyMode);
  window.addEventListener("resize", function () { if (inCardsMode()) previewZoom(); });
  window.addEventListener("popstate", applyMode);
  window.addEventListener("beforeprint", openForPrint);
  window.addEventListener("afterprint", closeAfterPrint);
  document.addEventListener("DOMContentLoaded", applyMode);
})();
