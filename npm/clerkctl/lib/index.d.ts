/**
 * clerkctl's JavaScript API: a local Clerk Backend API emulator for test runners.
 *
 * ```ts
 * import { startEmulator } from "clerkctl";
 * const emu = await startEmulator({ organizations: true });
 * Object.assign(process.env, emu.env);
 * const { token, userId } = await emu.mint({ email: "alice@example.com", org: "acme", role: "org:admin" });
 * await emu.stop();
 * ```
 */

/** A value of a `clerkctl emulator` flag given as an option. */
export type FlagValue = string | number | boolean | readonly (string | number)[] | undefined;

/**
 * `clerkctl emulator` flags, camelCased (`maxLifetime` is `--max-lifetime`): `true` passes the
 * bare flag, `false` and `undefined` leave it out, an array repeats it. Any flag of the installed
 * binary may be given; the common ones are typed.
 */
export interface EmulatorOptions {
  /** Address to bind (default `127.0.0.1`). */
  host?: string;
  /** Port to bind (default 0: a free one). */
  port?: number;
  /** Persist the state in this JSON file (reloaded at start). */
  state?: string;
  /** The secret key clients must send (`sk_test_…`); generated when absent. */
  secretKey?: string;
  /** The emulated Frontend API URL (the tokens' `iss`). */
  frontendApi?: string;
  /** The `azp` claim of session tokens (an origin). */
  authorizedParty?: string;
  /** Maximum session lifetime (`0` = off). */
  maxLifetime?: number | string;
  /** Inactivity timeout (`0` = off). */
  inactivityTimeout?: number | string;
  /** Single- or multi-session mode. */
  sessionMode?: "single" | "multi";
  /** Turn Organizations on (off by default, as in a new Clerk instance). */
  organizations?: boolean;
  /** Any other flag of `clerkctl emulator`. */
  [flag: string]: FlagValue;
}

/** What Clerk's SDKs read; spread it into `process.env` or a child process's environment. */
export interface EmulatorEnv {
  readonly CLERK_API_URL: string;
  readonly CLERK_SECRET_KEY: string;
  readonly CLERK_PUBLISHABLE_KEY: string;
  /** The signing key's public key as PEM (networkless verification). */
  readonly CLERK_JWT_KEY: string;
}

/** What to mint a token for. */
export interface MintOptions {
  /** The user's email address: created on first use, reused after. */
  email: string;
  /** An organization slug (created on first use), made the session's active organization. */
  org?: string;
  /** The user's role in `org` (a new membership defaults to `org:member`). */
  role?: string;
  /** Mint from this JWT template instead of a session token. */
  template?: string;
}

/** A minted token and the ids behind it. */
export interface MintedToken {
  /** The JWT, for `Authorization: Bearer ${token}`. */
  token: string;
  /** `user_…`. */
  userId: string;
  /** `sess_…`. */
  sessionId: string;
  /** `org_…` when `org` was given, else `null`. */
  orgId: string | null;
  /** The user's role in `org`, else `null`. */
  orgRole: string | null;
  /** The token's `exp` (seconds since the epoch). */
  exp: number;
  /** True when this call created the user. */
  userCreated: boolean;
}

/** A running emulator. */
export declare class Emulator {
  private constructor();
  /** `http://127.0.0.1:PORT`: the Backend API (`/v1/…`). */
  readonly url: string;
  /** The emulated Frontend API URL (the tokens' `iss`). */
  readonly frontendApiUrl: string;
  /** The public JWKS URL. */
  readonly jwksUrl: string;
  /** The secret key clients send. */
  readonly secretKey: string;
  /** The publishable key. */
  readonly publishableKey: string;
  /** The signing key's public key (PEM) at start. */
  readonly jwtKey: string;
  /** Milliseconds from process start to listening. */
  readonly readyMs: number;
  /** `CLERK_API_URL`, `CLERK_SECRET_KEY`, `CLERK_PUBLISHABLE_KEY`, `CLERK_JWT_KEY`. */
  readonly env: EmulatorEnv;
  /** Mint a token for a user (created or reused by email), optionally in an organization. */
  mint(options: MintOptions): Promise<MintedToken>;
  /** Stop the emulator cleanly; also done when the process exits. Safe to call twice. */
  stop(): Promise<void>;
}

/** A failed clerkctl invocation, with clerkctl's `hint:` and exit code. */
export declare class ClerkctlError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number | undefined;
  readonly stderr: string | undefined;
}

/** Start `clerkctl emulator` with `options` as its flags; resolves once it is listening. */
export declare function startEmulator(options?: EmulatorOptions): Promise<Emulator>;

/** The absolute path of the native clerkctl binary for this machine. */
export declare function binaryPath(): string;
