'use strict';
// clerkctl's JavaScript API: start the local Clerk Backend API emulator from a test runner's
// set-up, hand its keys to the app under test, mint tokens, stop it. It drives the native
// binary (`clerkctl emulator --output json`, `clerkctl emulator mint --output json`).

const { spawn, execFile } = require('node:child_process');
const { binaryPath } = require('./binary.js');

/** How long `startEmulator` waits for the emulator's first line before giving up. */
const START_TIMEOUT_MS = 30_000;
/** How long `stop` waits for a clean shutdown before killing the emulator. */
const STOP_TIMEOUT_MS = 10_000;
/** How much of the emulator's stderr is kept for error messages. */
const STDERR_KEEP = 16 * 1024;

/** Emulators still running, stopped when the process exits. */
const running = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: a signal is all there is time for. SIGTERM makes the
  // emulator write pending `--state` changes and stop.
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGTERM');
      } catch {
        // Already gone.
      }
    }
  });
}

/** A failed clerkctl invocation: the `error:` line, the `hint:` line and the exit code. */
class ClerkctlError extends Error {
  constructor(message, { hint, exitCode, stderr } = {}) {
    super(hint ? `${message}\nhint: ${hint}` : message);
    this.name = 'ClerkctlError';
    this.hint = hint;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** The `error:` / `hint:` lines of clerkctl's stderr as a ClerkctlError. */
function failure(stderr, exitCode, fallback) {
  const lines = String(stderr).split('\n');
  const error = lines.find((l) => l.startsWith('error: '));
  const hint = lines.find((l) => l.startsWith('hint: '));
  return new ClerkctlError(error ? error.slice('error: '.length) : fallback, {
    hint: hint ? hint.slice('hint: '.length) : undefined,
    exitCode,
    stderr: String(stderr),
  });
}

/** `maxLifetime` → `--max-lifetime`. */
function flagName(option) {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Options → `clerkctl emulator` flags: `true` is the bare flag, `false`/`undefined` none. */
function emulatorFlags(options) {
  const args = [];
  for (const [option, value] of Object.entries(options ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    const flag = flagName(option);
    if (value === true) {
      args.push(flag);
    } else if (Array.isArray(value)) {
      for (const v of value) args.push(flag, String(v));
    } else if (typeof value === 'string' || typeof value === 'number') {
      args.push(flag, String(value));
    } else {
      throw new TypeError(`startEmulator: option \`${option}\` must be a string, number, boolean or array`);
    }
  }
  return args;
}

/** A running emulator (see `startEmulator`). */
class Emulator {
  constructor(child, info, secretKey) {
    this._child = child;
    this._exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    /** `http://127.0.0.1:PORT`: the Backend API (`/v1/…`). */
    this.url = info.api_url;
    /** The emulated Frontend API URL (the tokens' `iss`). */
    this.frontendApiUrl = info.frontend_api_url;
    /** The public JWKS URL. */
    this.jwksUrl = info.jwks_url;
    /** The secret key clients send. */
    this.secretKey = info.secret_key ?? secretKey;
    /** The publishable key. */
    this.publishableKey = info.publishable_key;
    /** The signing key's public key (PEM) at start. */
    this.jwtKey = info.jwt_key;
    /** Milliseconds from process start to listening. */
    this.readyMs = info.ready_ms;
    /** What Clerk's SDKs read: spread it into `process.env` or a child's environment. */
    this.env = Object.freeze({
      CLERK_API_URL: this.url,
      CLERK_SECRET_KEY: this.secretKey,
      CLERK_PUBLISHABLE_KEY: this.publishableKey,
      CLERK_JWT_KEY: this.jwtKey,
    });
  }

  /** Mint a token for a user (created or reused by email), optionally in an organization. */
  mint(options) {
    const { email, org, role, template } = options ?? {};
    if (typeof email !== 'string' || email === '') {
      return Promise.reject(new TypeError('mint: `email` is required'));
    }
    const args = ['emulator', 'mint', '--output', 'json', '--api-url', this.url, '--email', email];
    if (org !== undefined) args.push('--org', org);
    if (role !== undefined) args.push('--role', role);
    if (template !== undefined) args.push('--template', template);
    const env = { ...process.env, ...this.env, NO_COLOR: '1' };
    return new Promise((resolve, reject) => {
      execFile(binaryPath(), args, { env }, (err, stdout, stderr) => {
        if (err) {
          const code = typeof err.code === 'number' ? err.code : undefined;
          reject(failure(stderr, code, `clerkctl emulator mint failed: ${err.message}`));
          return;
        }
        try {
          const out = JSON.parse(stdout);
          resolve({
            token: out.token,
            userId: out.user_id,
            sessionId: out.session_id,
            orgId: out.organization_id ?? null,
            orgRole: out.role ?? null,
            exp: out.exp,
            userCreated: out.user_created,
          });
        } catch (e) {
          reject(new ClerkctlError(`clerkctl emulator mint printed no JSON: ${e.message}`, { stderr }));
        }
      });
    });
  }

  /** Stop the emulator (cleanly: pending `--state` writes are made). Safe to call twice. */
  async stop() {
    running.delete(this._child);
    if (this._child.exitCode === null && this._child.signalCode === null) {
      this._child.kill('SIGTERM');
      const timer = setTimeout(() => this._child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this._exited;
      clearTimeout(timer);
    }
  }
}

/** Start `clerkctl emulator` with `options` as its flags; resolves once it is listening. */
function startEmulator(options = {}) {
  let args;
  try {
    args = ['emulator', '--output', 'json', ...emulatorFlags(options)];
  } catch (e) {
    return Promise.reject(e);
  }
  const binary = binaryPath();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    let stdout = '';
    let settled = false;
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn(value);
    };
    // Keep reading both pipes for the emulator's whole life (a full pipe would block it), but
    // keep only the tail of stderr, for error messages.
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      if (settled) return;
      stdout += chunk;
      const nl = stdout.indexOf('\n');
      if (nl < 0) return;
      let info;
      try {
        info = JSON.parse(stdout.slice(0, nl));
      } catch (e) {
        child.kill('SIGKILL');
        settle(reject, new ClerkctlError(`clerkctl emulator printed no JSON: ${e.message}`, { stderr }));
        return;
      }
      const emulator = new Emulator(child, info, options.secretKey);
      running.add(child);
      installExitHook();
      // The emulator must not keep the process alive: `stop()`, or the exit hook, ends it.
      child.unref();
      child.stdout.unref();
      child.stderr.unref();
      settle(resolve, emulator);
    });
    child.on('error', (e) => settle(reject, new ClerkctlError(`cannot run ${binary}: ${e.message}`)));
    child.on('exit', (code, signal) => {
      running.delete(child);
      settle(
        reject,
        failure(stderr, code ?? undefined, `clerkctl emulator exited (${code ?? signal}) before listening`),
      );
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(reject, new ClerkctlError(`clerkctl emulator did not start within ${START_TIMEOUT_MS / 1000}s`, { stderr }));
    }, START_TIMEOUT_MS);
  });
}

module.exports = { startEmulator, Emulator, ClerkctlError, binaryPath };
