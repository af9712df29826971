// A real OpenID Connect provider (the certified npm package oidc-provider) on loopback, for KYKY's
// sign-in tests. Started by tests/accounts/test_oidc.py:
//
//   OIDC_CLIENTS='[{"client_id": "kyky", "client_secret": "...", "redirect_uris": ["..."]}]' node provider.js
//
// It listens on a free port of 127.0.0.1 and prints "listening <issuer>" when ready. Its login page is
// a minimal form in place of a real identification: whoever posts an e-mail address is signed in as
// that account, with email_verified and the assurance level (acr) given in the form. Consent is
// granted at once (KYKY is a first-party client of the city).
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const clients = JSON.parse(process.env.OIDC_CLIENTS || '[]').map((client) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  ...client,
}));

const accounts = new Map();
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    // The assurance level goes into every ID token, as the city's providers do.
    claims: { openid: ['sub', 'acr', 'auth_time', 'sid'], email: ['email', 'email_verified'], profile: ['name'] },
    acrValues: ['low', 'substantial', 'high'],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: account.email, email_verified: account.verified, name: account.email };
        },
      };
    },
    // First-party client: grant what it asks for without a consent screen.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope || 'openid');
      await grant.save();
      return grant;
    },
  });

  server.on('request', async (req, res) => {
    const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
    if (!match) return provider.callback()(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'POST' && match[2]) {
        const form = await readForm(req);
        const email = (form.email || '').trim().toLowerCase();
        accounts.set(email, { email, verified: form.verified === 'yes' });
        const login = { accountId: email, ...(form.acr ? { acr: form.acr } : {}) };
        return await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
      }
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      return res.end(`<!DOCTYPE html><title>Test identity provider</title>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">
<label>E-mail <input name="email" type="email"></label>
<label>Verified <select name="verified"><option>yes</option><option>no</option></select></label>
<label>Assurance <input name="acr" value="substantial"></label>
<button type="submit">Sign in</button></form>`);
    } catch (error) {
      res.statusCode = 400;
      return res.end(`interaction failed: ${error.message}`);
    }
  });
  process.stdout.write(`listening ${issuer}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
