// Type-checks clerkctl's declarations (`tsc -p tsconfig.json`, strict): the documented usage
// compiles, and misuse does not (each `@ts-expect-error` fails the check if it stops erroring).

import { startEmulator, ClerkctlError, type Emulator, type EmulatorEnv, type MintedToken } from "clerkctl";

export async function usage(): Promise<string> {
  const emu: Emulator = await startEmulator({ organizations: true, port: 0, maxLifetime: "7d" });
  const env: EmulatorEnv = emu.env;
  const url: string = env.CLERK_API_URL;
  const minted: MintedToken = await emu.mint({ email: "alice@example.com", org: "acme", role: "org:admin" });
  const { token, userId, sessionId } = minted;
  const orgId: string | null = minted.orgId;
  await emu.stop();
  return `${url} ${token} ${userId} ${sessionId} ${orgId ?? ""}`;
}

export async function misuse(): Promise<void> {
  // @ts-expect-error: an option's value is a string, number, boolean or array
  await startEmulator({ port: { nested: true } });
  // @ts-expect-error: sessionMode is single or multi
  await startEmulator({ sessionMode: "many" });
  const emu = await startEmulator();
  // @ts-expect-error: email is required
  await emu.mint({ org: "acme" });
  // @ts-expect-error: env is read-only
  emu.env.CLERK_API_URL = "http://elsewhere";
}

export function errors(e: unknown): string | undefined {
  return e instanceof ClerkctlError ? e.hint : undefined;
}
