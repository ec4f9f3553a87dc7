// Issue 14.18: the session of a signed-in reader ends after SESSION_COOKIE_AGE without a
// request. A warning comes before (WCAG 2.2.1) with "Sitzung verlängern"; a form sent after
// the end is answered with 401 and stays in place (konzept.anmeldung.SitzungAbgelaufenMiddleware):
// the reader signs in again in a new tab and the same form is sent again from here.

const daten = document.body.dataset;
const dauer = Number(daten.sitzungSekunden) * 1000;
// Five minutes before the end; with a short session (tests), after three quarters of it.
const vorlauf = Math.min(5 * 60 * 1000, dauer / 4);
const warnung = document.getElementById("sitzung-warnung");
const abgelaufen = document.getElementById("sitzung-abgelaufen");
let warnTimer = null;
let offenesFormular = null;

function zaehlen() {
  clearTimeout(warnTimer);
  if (dauer > 0) {
    warnTimer = setTimeout(() => {
      if (!abgelaufen.open) {
        warnung.showModal();
      }
    }, dauer - vorlauf);
  }
}

function csrfSetzen(token) {
  const kopf = JSON.parse(document.body.getAttribute("data-hx-headers") || "{}");
  kopf["X-CSRFToken"] = token;
  document.body.setAttribute("data-hx-headers", JSON.stringify(kopf));
  for (const feld of document.querySelectorAll("input[name=csrfmiddlewaretoken]")) {
    feld.value = token;
  }
}

async function status() {
  const antwort = await fetch(daten.sitzungUrl, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  return antwort.json();
}

warnung.querySelector("[data-sitzung=verlaengern]").addEventListener("click", async () => {
  const token = JSON.parse(document.body.getAttribute("data-hx-headers") || "{}")["X-CSRFToken"];
  const antwort = await fetch(daten.sitzungVerlaengernUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": token || "" },
  });
  warnung.close();
  if (antwort.status === 401) {
    abgelaufen.showModal();
  }
});
warnung.querySelector("[data-sitzung=schliessen]").addEventListener("click", () => warnung.close());

// Every answer from the server renewed the session.
document.addEventListener("htmx:afterRequest", (event) => {
  if (event.detail.xhr && event.detail.xhr.status !== 401) {
    zaehlen();
  }
});

document.addEventListener("htmx:responseError", (event) => {
  if (event.detail.xhr.status !== 401) {
    return;
  }
  // konzept.js has already put up its generic notice: this dialog says what to do instead.
  const hinweis = document.querySelector("#inhalt > .kern-alert--danger");
  if (hinweis) {
    hinweis.remove();
  }
  const ausloeser = event.detail.elt;
  offenesFormular = ausloeser && ausloeser.closest ? ausloeser.closest("form") : null;
  if (warnung.open) {
    warnung.close();
  }
  abgelaufen.querySelector("[data-sitzung=hinweis]").hidden = true;
  abgelaufen.showModal();
});

abgelaufen.querySelector("[data-sitzung=erneut]").addEventListener("click", async () => {
  const stand = await status();
  if (!stand.angemeldet) {
    abgelaufen.querySelector("[data-sitzung=hinweis]").hidden = false;
    return;
  }
  csrfSetzen(stand.csrf);
  abgelaufen.close();
  zaehlen();
  if (offenesFormular && offenesFormular.isConnected) {
    offenesFormular.requestSubmit();
  }
});

zaehlen();
