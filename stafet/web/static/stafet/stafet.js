// Stafet's only script of its own, loaded from a file because the Content-Security-Policy allows no inline script.

// A table marked data-swap-errors shows a refused row form again with its errors: htmx swaps a 400 answer
// there, where it would otherwise leave the page as it was.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 400 && event.target.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
