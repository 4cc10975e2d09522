// clerkctl as an npm user gets it: the `clerkctl` and `@clerkctl/linux-x64` tarballs installed
// next to `@clerk/express` and `@clerk/backend` from the registry. Run with `node --test`.
//
// CLERKCTL_EXPECT_VERSION: the version `npx clerkctl --version` must print.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test, before, after } from 'node:test';
import { promisify } from 'node:util';

import { startEmulator } from 'clerkctl';

const run = promisify(execFile);

test('npx clerkctl --version runs the platform binary', async () => {
  const { stdout } = await run('npx', ['--no-install', 'clerkctl', '--version']);
  assert.equal(stdout.trim(), `clerkctl ${process.env.CLERKCTL_EXPECT_VERSION}`);
});

test('npx clerkctl passes the exit code on', async () => {
  await assert.rejects(run('npx', ['--no-install', 'clerkctl', 'decode', 'not-a-token']), (e) => {
    assert.equal(e.code, 1);
    assert.match(e.stderr, /^error: /m);
    return true;
  });
});

test('the type declarations check under strict', async () => {
  await run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json']);
});

let emu;
let server;
let baseUrl;

before(async () => {
  emu = await startEmulator({ organizations: true });
  // @clerk/express reads its keys from the environment when its middleware is built.
  Object.assign(process.env, emu.env);
  const express = (await import('express')).default;
  const { clerkMiddleware, getAuth } = await import('@clerk/express');
  const app = express();
  app.use(clerkMiddleware());
  app.get('/me', (req, res) => {
    const { userId, orgId, orgRole } = getAuth(req);
    if (!userId) {
      res.status(401).json({ error: 'signed out' });
      return;
    }
    res.json({ userId, orgId: orgId ?? null, orgRole: orgRole ?? null });
  });
  await new Promise((resolve) => {
    server = app.listen(0, '127.0.0.1', resolve);
  });
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve());
  await emu?.stop();
});

test('emu.env has the four variables Clerk SDKs read', () => {
  assert.deepEqual(Object.keys(emu.env).sort(), [
    'CLERK_API_URL',
    'CLERK_JWT_KEY',
    'CLERK_PUBLISHABLE_KEY',
    'CLERK_SECRET_KEY',
  ]);
  assert.match(emu.env.CLERK_API_URL, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(emu.env.CLERK_SECRET_KEY, /^sk_test_/);
  assert.match(emu.env.CLERK_PUBLISHABLE_KEY, /^pk_test_/);
  assert.match(emu.env.CLERK_JWT_KEY, /^-----BEGIN PUBLIC KEY-----\n/);
});

test('clerkMiddleware + getAuth: 401 without a token, the user id with one', async () => {
  const signedOut = await fetch(`${baseUrl}/me`);
  assert.equal(signedOut.status, 401);

  const { token, userId, sessionId, userCreated } = await emu.mint({ email: 'alice@example.com' });
  assert.match(userId, /^user_/);
  assert.match(sessionId, /^sess_/);
  assert.equal(userCreated, true);
  const signedIn = await fetch(`${baseUrl}/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(signedIn.status, 200);
  assert.deepEqual(await signedIn.json(), { userId, orgId: null, orgRole: null });

  // The same email is the same user.
  const again = await emu.mint({ email: 'alice@example.com' });
  assert.equal(again.userId, userId);
  assert.equal(again.userCreated, false);
  assert.notEqual(again.sessionId, sessionId);
});

test('verifyToken with emu.env.CLERK_JWT_KEY passes', async () => {
  const { verifyToken } = await import('@clerk/backend');
  const { token, userId, sessionId, exp } = await emu.mint({ email: 'bob@example.com' });
  const claims = await verifyToken(token, { jwtKey: emu.env.CLERK_JWT_KEY });
  assert.equal(claims.sub, userId);
  assert.equal(claims.sid, sessionId);
  assert.equal(claims.exp, exp);
});

test('a bad mint rejects with clerkctl\'s error and hint', async () => {
  await assert.rejects(emu.mint({ email: 'not-an-email' }), (e) => {
    assert.equal(e.name, 'ClerkctlError');
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /--email not-an-email/);
    assert.ok(e.hint);
    return true;
  });
});

test('an organization token carries the org and role', async () => {
  const { token, userId, orgId, orgRole } = await emu.mint({
    email: 'carol@example.com',
    org: 'acme',
    role: 'org:admin',
  });
  assert.match(orgId, /^org_/);
  assert.equal(orgRole, 'org:admin');
  const res = await fetch(`${baseUrl}/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.deepEqual(await res.json(), { userId, orgId, orgRole: 'org:admin' });
});
