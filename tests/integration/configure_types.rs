//! The TypeScript `configure` writes type-checks (`tsc --strict --noEmit`) against the real
//! packages: Next.js 15 and 16 with `@clerk/nextjs`, Express with `@clerk/express`, Fastify with
//! `@clerk/fastify`. Each npm project under tests/node/configure-types/ has a committed lockfile
//! and is installed with `npm ci`. Skipped, with the reason printed, when node or npm is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::clerkctl;

/// The npm project `configure-types/<name>`, installed (see [`crate::common::npm_project`]).
fn npm_project(name: &str) -> Option<PathBuf> {
    crate::common::npm_project(&format!("configure-types/{name}"), "node_modules/.bin/tsc")
}

/// Generate into a fresh directory inside the npm project (so `node_modules` resolves) and run tsc.
fn generate_and_typecheck(project: &Path, package_json: &str, flags: &[&str], files: &[&str]) {
    let work = tempfile::Builder::new()
        .prefix("work-")
        .tempdir_in(project)
        .expect("work dir");
    std::fs::write(work.path().join("package.json"), package_json).expect("package.json");
    let tsconfig = serde_json::json!({
        "compilerOptions": {
            "strict": true,
            "noEmit": true,
            "target": "ES2022",
            "module": "esnext",
            "moduleResolution": "bundler",
            "esModuleInterop": true,
            "skipLibCheck": true,
            "types": ["node"],
            "typeRoots": [project.join("node_modules/@types")]
        },
        "files": files,
    });
    std::fs::write(work.path().join("tsconfig.json"), tsconfig.to_string()).expect("tsconfig");
    clerkctl(work.path())
        .arg("configure")
        .arg("--yes")
        .args(flags)
        .assert()
        .success();
    let out = Command::new(project.join("node_modules/.bin/tsc"))
        .args(["--strict", "--noEmit", "-p", "tsconfig.json"])
        .current_dir(work.path())
        .output()
        .expect("tsc runs");
    assert!(
        out.status.success(),
        "tsc failed for {files:?}:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

const FLAGS: &[&str] = &[
    "--role-route",
    "/admin(.*)=org:admin",
    "--permission-route",
    "/billing(.*)=org:billing:manage",
    "--claim",
    "role={{user.public_metadata.role}}",
    "--claim",
    r#"profile={"email": "{{user.primary_email_address}}"}"#,
    "--authorized-party",
    "http://localhost:3000",
];

#[test]
fn nextjs16_proxy_typechecks() {
    let Some(project) = npm_project("next16") else {
        return;
    };
    generate_and_typecheck(
        &project,
        r#"{"dependencies":{"next":"^16.0.10"}}"#,
        &[FLAGS, &["--language", "ts"]].concat(),
        &["proxy.ts", "types/globals.d.ts"],
    );
}

#[test]
fn nextjs15_middleware_typechecks() {
    let Some(project) = npm_project("next15") else {
        return;
    };
    generate_and_typecheck(
        &project,
        r#"{"dependencies":{"next":"^15.5.0"}}"#,
        &[FLAGS, &["--language", "ts", "--src-dir"]].concat(),
        &["src/middleware.ts", "types/globals.d.ts"],
    );
}

#[test]
fn express_and_fastify_typecheck() {
    let Some(project) = npm_project("server") else {
        return;
    };
    for framework in ["express", "fastify"] {
        generate_and_typecheck(
            &project,
            r#"{"dependencies":{}}"#,
            &[FLAGS, &["--language", "ts", "--framework", framework]].concat(),
            &["clerk.ts", "types/globals.d.ts"],
        );
    }
}
