// Stafet's only script of its own, loaded from a file because the Content-Security-Policy allows no inline script.

// A table marked data-swap-errors shows a refused row form again with its errors: htmx swaps a 400 answer
// there, where it would otherwise leave the page as it was.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 400 && event.target.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// The design system's components (the header's phone menu and language list, the menu's "more" list): dkfds's
// script is loaded from the static files and started here, as the Content-Security-Policy allows no inline script.
// dkfds writes its "more" button in Danish; the page gives the word in its own language.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.DKFDS) return;
  window.DKFDS.init();
  const menu = document.querySelector(".navigation-menu[data-more-label]");
  const more = menu && menu.querySelector(".more-button > span");
  if (more) more.textContent = menu.dataset.moreLabel;
});
