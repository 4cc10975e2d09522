'use strict';
// Where the native clerkctl binary is: the platform package npm installed through
// `optionalDependencies` (only the one whose `os` and `cpu` match), or CLERKCTL_BINARY_PATH.

const path = require('node:path');

/** `process.platform process.arch` → the package that ships that binary. */
const PLATFORMS = {
  'darwin arm64': '@clerkctl/darwin-arm64',
  'darwin x64': '@clerkctl/darwin-x64',
  'linux arm64': '@clerkctl/linux-arm64',
  'linux x64': '@clerkctl/linux-x64',
  'win32 x64': '@clerkctl/win32-x64',
};

/** An error with the `hint:` a user can act on. */
class BinaryError extends Error {
  constructor(message, hint) {
    super(message);
    this.name = 'BinaryError';
    this.hint = hint;
  }
}

/** The absolute path of the clerkctl binary for this machine. */
function binaryPath() {
  const override = process.env.CLERKCTL_BINARY_PATH;
  if (override) {
    return path.resolve(override);
  }
  const key = `${process.platform} ${process.arch}`;
  const pkg = PLATFORMS[key];
  if (!pkg) {
    throw new BinaryError(
      `clerkctl has no prebuilt binary for ${key}`,
      'build it with cargo (`cargo install --path . --locked` in a clerkctl checkout) and set CLERKCTL_BINARY_PATH to it',
    );
  }
  const exe = process.platform === 'win32' ? 'clerkctl.exe' : 'clerkctl';
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch {
    throw new BinaryError(
      `the package ${pkg}, which holds clerkctl's binary for ${key}, is not installed`,
      'reinstall without `--omit=optional` / `--no-optional` (npm installs it as an optional dependency), or set CLERKCTL_BINARY_PATH',
    );
  }
}

module.exports = { binaryPath, BinaryError, PLATFORMS };
