// Small behaviour on top of htmx. The pages work without this file.

// After an in-place update, focus moves into what was swapped in, so keyboard and
// screen reader users continue where they work: to an element marked data-fokus
// (an error summary, a conflict notice) or else the first field of a form.
document.addEventListener("htmx:afterSettle", (event) => {
  const ziel = document.querySelector("[data-fokus]");
  if (ziel) {
    ziel.removeAttribute("data-fokus");
    ziel.focus();
    return;
  }
  const bereich = event.detail.elt;
  if (!bereich || !bereich.isConnected) {
    return;
  }
  const feld = bereich.matches("form")
    ? bereich.querySelector("input:not([type=hidden]), textarea, select")
    : null;
  if (feld) {
    feld.focus();
  } else if (bereich.matches("[tabindex]")) {
    bereich.focus();
  }
});

// A refused or failed request leaves the page as it was; say so, visibly and aloud.
function fehlerZeigen(text) {
  if (!text) {
    return;
  }
  const meldung = document.getElementById("live-meldung");
  if (meldung) {
    meldung.textContent = text;
  }
  const hinweis = document.createElement("div");
  hinweis.className = "kern-alert kern-alert--danger";
  hinweis.setAttribute("tabindex", "-1");
  const absatz = document.createElement("p");
  absatz.className = "kern-body";
  absatz.textContent = text;
  hinweis.append(absatz);
  document.getElementById("inhalt").prepend(hinweis);
  hinweis.focus();
}

document.addEventListener("htmx:responseError", (event) => {
  const daten = document.body.dataset;
  fehlerZeigen(event.detail.xhr.status === 403 ? daten.meldungVerboten : daten.meldungFehler);
});

document.addEventListener("htmx:sendError", () => {
  fehlerZeigen(document.body.dataset.meldungNetz);
});
