//! The npm packages under `npm/`: versions in step with the crate, and (whenever node is
//! present) both packed with `npm pack` (the platform package holding the binary cargo built),
//! installed into a scratch project next to `@clerk/express` and `@clerk/backend` from the
//! committed lockfile, then driven by node's test runner (`tests/node/npm-package`).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn package_json(dir: &str) -> Value {
    let text = std::fs::read_to_string(root().join(dir).join("package.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn npm_package_versions_follow_the_crate() {
    let version = env!("CARGO_PKG_VERSION");
    let main = package_json("npm/clerkctl");
    assert_eq!(main["version"], version, "npm/clerkctl/package.json");
    let platform = package_json("npm/linux-x64");
    assert_eq!(platform["version"], version, "npm/linux-x64/package.json");
    assert_eq!(platform["os"], serde_json::json!(["linux"]));
    assert_eq!(platform["cpu"], serde_json::json!(["x64"]));
    let optional = main["optionalDependencies"].as_object().unwrap();
    assert!(optional.contains_key("@clerkctl/linux-x64"));
    for (name, v) in optional {
        assert_eq!(
            v, version,
            "{name}: every platform package is pinned to this version"
        );
    }
    // The launcher knows exactly the packages that are listed.
    let binary_js = std::fs::read_to_string(root().join("npm/clerkctl/lib/binary.js")).unwrap();
    for name in optional.keys() {
        assert!(
            binary_js.contains(&format!("'{name}'")),
            "lib/binary.js lacks {name}"
        );
    }
}

fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({:?})\nstdout:\n{stdout}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "node_modules" {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&src, &dst);
        } else if !name.to_string_lossy().ends_with(".tgz") {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// `npm pack` the package in `dir` into `dest`; the tarball's path.
fn pack(dir: &Path, dest: &Path) -> std::path::PathBuf {
    let out = run(
        Command::new("npm")
            .args(["pack", "--json", "--pack-destination"])
            .arg(dest)
            .current_dir(dir),
        "npm pack",
    );
    let v: Value = serde_json::from_str(&out).expect("npm pack --json");
    dest.join(v[0]["filename"].as_str().expect("a tarball name"))
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn packed_npm_packages_run_the_emulator_for_clerk_express_and_backend() {
    if !crate::common::node_and_npm("npm_package::packed_npm_packages_…") {
        return;
    }
    let tmp = crate::common::tempdir();
    let pkgs = tmp.path().join("pkgs");
    copy_dir(&root().join("npm/clerkctl"), &pkgs.join("clerkctl"));
    copy_dir(&root().join("npm/linux-x64"), &pkgs.join("linux-x64"));
    // The platform package holds the binary under test, stripped when `strip` exists (a debug
    // build is large, and packing and unpacking it is most of the install time).
    let bin = pkgs.join("linux-x64/bin/clerkctl");
    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
    std::fs::copy(assert_cmd::cargo::cargo_bin("clerkctl"), &bin).unwrap();
    let _ = Command::new("strip").arg(&bin).status();
    let tarballs = tmp.path().join("tarballs");
    std::fs::create_dir_all(&tarballs).unwrap();
    let main = pack(&pkgs.join("clerkctl"), &tarballs);
    let platform = pack(&pkgs.join("linux-x64"), &tarballs);

    let project = tmp.path().join("project");
    copy_dir(&root().join("tests/node/npm-package"), &project);
    // The registry packages come from the committed lockfile; the two tarballs are added to it.
    run(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefer-offline"])
            .arg(&main)
            .arg(&platform)
            .current_dir(&project),
        "npm install",
    );
    let installed = project.join("node_modules/@clerkctl/linux-x64/bin/clerkctl");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&installed).unwrap().permissions(),
    );
    assert_eq!(mode & 0o111, 0o111, "the installed binary is executable");

    let out = Command::new("node")
        .args(["--test", "--test-reporter", "spec", "npm-package.test.mjs"])
        .current_dir(&project)
        .env("CLERKCTL_EXPECT_VERSION", env!("CARGO_PKG_VERSION"))
        .env("NO_COLOR", "1")
        // Hermetic: the SDKs' telemetry would otherwise post to Clerk.
        .env("CLERK_TELEMETRY_DISABLED", "1")
        .env_remove("CLERK_SECRET_KEY")
        .env_remove("CLERK_API_URL")
        .env_remove("CLERK_PUBLISHABLE_KEY")
        .env_remove("CLERK_JWT_KEY")
        .env_remove("CLERKCTL_BINARY_PATH")
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "node --test failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("ℹ fail 0"), "{stdout}");
}
