// The OpenID provider of the test suite: oidc-provider (certified by the OpenID Foundation),
// one client for the app, the accounts of konten.json, our own plain login and consent pages.
// Started by tests/anbieter.py with ANBIETER_PORT, ANBIETER_CLIENT_ID, ANBIETER_CLIENT_SECRET
// and ANBIETER_RUECKKEHR (the app's callback URLs, JSON); prints "bereit" once it listens.
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const hier = new URL('.', import.meta.url);
const ordner = process.env.ANBIETER_DATEIEN ? new URL(`file://${process.env.ANBIETER_DATEIEN}/`) : hier;
const { konten } = JSON.parse(readFileSync(new URL('konten.json', ordner)));
const jwks = JSON.parse(readFileSync(new URL('schluessel.json', ordner)));
const port = Number(process.env.ANBIETER_PORT);
const aussteller = `http://127.0.0.1:${port}`;
const nachSub = Object.fromEntries(Object.values(konten).map((konto) => [konto.sub, konto]));

const maskieren = (text) => String(text).replace(/[&<>"']/g, (z) => `&#${z.charCodeAt(0)};`);

function seite(titel, inhalt) {
  return `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${maskieren(titel)} – Testanbieter</title></head>
<body><main><h1>${maskieren(titel)}</h1>${inhalt}</main></body>
</html>`;
}

async function formular(req) {
  let daten = '';
  for await (const teil of req) daten += teil;
  return Object.fromEntries(new URLSearchParams(daten));
}

function anmeldeseite(uid, fehler = '') {
  return seite('Anmelden beim Testanbieter', `
<form method="post" action="/interaction/${uid}/login">
${fehler ? `<p role="alert">${maskieren(fehler)}</p>` : ''}
<p><label for="login">Anmeldename</label><br><input id="login" name="login" autocomplete="username" required></p>
<p><label for="passwort">Passwort</label><br><input id="passwort" name="passwort" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Anmelden</button></p>
</form>`);
}

const provider = new Provider(aussteller, {
  clients: [{
    client_id: process.env.ANBIETER_CLIENT_ID,
    client_secret: process.env.ANBIETER_CLIENT_SECRET,
    redirect_uris: JSON.parse(process.env.ANBIETER_RUECKKEHR),
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks,
  cookies: { keys: ['nur-fuer-die-tests-1'] },
  // As many providers do, every ID token says how the person signed in (amr, acr); the
  // groups come from the userinfo endpoint (the ID token holds only the openid claims).
  claims: { openid: ['sub', 'amr', 'acr'], groups: ['groups'] },
  acrValues: ['urn:landkreis:loa:basis', 'urn:landkreis:loa:hoch'],
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const konto = nachSub[sub];
    if (!konto) return undefined;
    return { accountId: sub, claims: async () => ({ sub, groups: konto.gruppen }) };
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = seite('Fehler beim Testanbieter', `<p>${maskieren(out.error)}: ${maskieren(out.error_description || '')}</p>`);
  },
});

provider.use(async (ctx, next) => {
  const treffer = ctx.path.match(/^\/interaction\/([^/]+)(?:\/(login|erlauben|abbrechen))?$/);
  if (!treffer) return next();
  const [, uid, schritt] = treffer;
  ctx.set('cache-control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  ctx.type = 'html';
  if (ctx.method === 'GET' && !schritt) {
    if (details.prompt.name === 'login') {
      ctx.body = anmeldeseite(uid);
      return undefined;
    }
    const scopes = details.prompt.details.missingOIDCScope || [];
    ctx.body = seite('Zugriff erlauben', `
<p>Die Anwendung „Integrationskonzept“ möchte Ihre Kennung und Ihre Gruppen erfahren (${maskieren(scopes.join(', '))}).</p>
<form method="post" action="/interaction/${uid}/erlauben"><p><button type="submit">Erlauben</button></p></form>
<form method="post" action="/interaction/${uid}/abbrechen"><p><button type="submit">Abbrechen</button></p></form>`);
    return undefined;
  }
  if (ctx.method !== 'POST') return next();
  const daten = await formular(ctx.req);
  if (schritt === 'login') {
    const konto = konten[daten.login];
    if (!konto || konto.passwort !== daten.passwort) {
      ctx.status = 401;
      ctx.body = anmeldeseite(uid, 'Anmeldename oder Passwort stimmen nicht.');
      return undefined;
    }
    const login = { accountId: konto.sub, amr: konto.amr };
    if (konto.acr) login.acr = konto.acr;
    return provider.interactionFinished(ctx.req, ctx.res, { login }, { mergeWithLastSubmission: false });
  }
  if (schritt === 'abbrechen') {
    return provider.interactionFinished(ctx.req, ctx.res, {
      error: 'access_denied', error_description: 'Abgebrochen',
    }, { mergeWithLastSubmission: false });
  }
  const { prompt: { details: fehlt }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (fehlt.missingOIDCScope) grant.addOIDCScope(fehlt.missingOIDCScope.join(' '));
  if (fehlt.missingOIDCClaims) grant.addOIDCClaims(fehlt.missingOIDCClaims);
  const grantId = await grant.save();
  const consent = details.grantId ? {} : { grantId };
  return provider.interactionFinished(ctx.req, ctx.res, { consent }, { mergeWithLastSubmission: true });
});

provider.listen(port, '127.0.0.1', () => {
  console.log('bereit');
});
