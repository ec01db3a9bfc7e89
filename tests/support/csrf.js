// tests/support/csrf.js
// The CSRF token as the renderer uses it: taken from the _csrf_token cookie
// that GET / sets and sent back in the X-CSRFToken header (with the cookie).
// Used by every test client that POSTs callbacks.
'use strict';
const http = require('node:http');
const crypto = require('node:crypto');

const COOKIE = '_csrf_token';
const HEADER = 'X-CSRFToken';

/// The token in a response's Set-Cookie headers, or null.
function tokenFromSetCookie(setCookie) {
  for (const c of [].concat(setCookie || [])) {
    const m = new RegExp(`^${COOKIE}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return null;
}

/// GETs `url`/ and resolves to the token its page sets. Cached per URL.
const cache = new Map();
function fetchToken(url) {
  if (!cache.has(url)) {
    cache.set(url, new Promise((resolve, reject) => {
      const req = http.get(`${url}/`, { agent: false }, (res) => {
        res.resume();
        const t = tokenFromSetCookie(res.headers['set-cookie']);
        if (t) resolve(t);
        else reject(new Error(`GET ${url}/ set no ${COOKIE} cookie `
          + `(status ${res.statusCode})`));
      });
      req.on('error', reject);
    }));
    cache.get(url).catch(() => cache.delete(url));
  }
  return cache.get(url);
}

/// A token made here, for raw-socket requests that cannot wait for GET /.
/// The check is double-submit (cookie equals header), so a matching pair
/// passes; a page on another site can set neither.
function localToken() {
  return crypto.randomBytes(32).toString('base64url');
}

/// `headers` plus the cookie and header carrying `token` (an existing
/// Cookie header is extended, not replaced).
function withToken(headers, token) {
  const out = { ...headers };
  const key = Object.keys(out).find((k) => k.toLowerCase() === 'cookie');
  if (key) out[key] = `${out[key]}; ${COOKIE}=${token}`;
  else out.Cookie = `${COOKIE}=${token}`;
  out[HEADER] = token;
  return out;
}

module.exports = { COOKIE, HEADER, fetchToken, localToken, withToken,
  tokenFromSetCookie };
