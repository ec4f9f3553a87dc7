// Small behaviour on top of htmx. The pages work without this file.

// The control in use when a request starts (a status select, say). htmx may disable it
// while the request is in flight, which takes the focus away, so it is noted beforehand.
let zuletztBedient = null;

document.addEventListener("htmx:beforeRequest", () => {
  const aktiv = document.activeElement;
  zuletztBedient = aktiv && aktiv !== document.body && aktiv.id ? aktiv.id : null;
});

// After an in-place update, focus moves into what was swapped in, so keyboard and
// screen reader users continue where they work: to an element marked data-fokus
// (an error summary, a conflict notice), else back to the control they used if the
// new content has it again (or to the closed disclosure it now waits in: the status
// badge of a card, which shows the new status), else the first field of a form, else
// the swapped-in item itself.
document.addEventListener("htmx:afterSettle", (event) => {
  const ziel = document.querySelector("[data-fokus]");
  if (ziel) {
    ziel.removeAttribute("data-fokus");
    zuletztBedient = null;
    ziel.focus();
    return;
  }
  const bereich = event.detail.elt;
  if (!bereich || !bereich.isConnected) {
    return;
  }
  const bedient = zuletztBedient ? document.getElementById(zuletztBedient) : null;
  if (bedient && bereich.contains(bedient)) {
    zuletztBedient = null;
    const zu = bedient.closest("details:not([open])");
    (zu ? zu.querySelector("summary") : bedient).focus();
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

// An open disclosure of an item's actions or of a measure's status lies over the page like a
// menu, and closes like one: with Escape (focus back on its button) or a click elsewhere.
const UEBERLAGERND = "details.aktionen[open], details.status-wahl[open]";

document.addEventListener("keydown", (event) => {
  const offen = event.key === "Escape" && document.activeElement?.closest(UEBERLAGERND);
  if (offen) {
    offen.open = false;
    offen.querySelector("summary").focus();
  }
});

document.addEventListener("click", (event) => {
  for (const offen of document.querySelectorAll(UEBERLAGERND)) {
    if (!offen.contains(event.target)) {
      offen.open = false;
    }
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
