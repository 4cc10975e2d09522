#!/usr/bin/env node
'use strict';
// The `clerkctl` command: runs the native binary with the same arguments, standard streams and
// exit code (128+N when signal N ended it).

const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const { binaryPath } = require('../lib/binary.js');

let binary;
try {
  binary = binaryPath();
} catch (e) {
  process.stderr.write(`error: ${e.message}\n`);
  if (e.hint) process.stderr.write(`hint: ${e.hint}\n`);
  process.exit(2);
}

const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });

// A terminal's Ctrl-C / Ctrl-\ already reaches the binary (same foreground process group):
// forwarding it again would count as a second press. Other signals, and those sent to this
// process alone (no terminal), are passed on.
for (const signal of ['SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    const fromTerminal = (signal === 'SIGINT' || signal === 'SIGQUIT') && process.stdin.isTTY;
    if (!fromTerminal) child.kill(signal);
  });
}

child.on('error', (e) => {
  process.stderr.write(`error: cannot run ${binary}: ${e.message}\n`);
  process.exit(2);
});

child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
