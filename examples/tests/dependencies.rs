//! The examples package builds without the AWS SDK: `cargo run --example
//! quickstart` on a fresh clone compiles dynorm, the memory backend and
//! their own small dependencies only. Reads the lock file (`cargo tree
//! --offline --locked`): no network, no build.

use std::process::Command;

#[test]
fn the_examples_depend_on_no_aws_crate() {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--locked",
            "--package",
            env!("CARGO_PKG_NAME"),
            "--edges",
            "normal,build",
            "--prefix",
            "none",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo tree failed: {stderr}");
    let tree = String::from_utf8_lossy(&output.stdout);
    let crates: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    // The tree is the one meant: the package and the crates it runs on.
    for expected in ["dynorm-examples", "dynorm", "dynorm-memory", "tokio"] {
        assert!(
            crates.contains(&expected),
            "{expected} missing from:\n{tree}"
        );
    }
    let aws: std::collections::BTreeSet<&str> = crates
        .iter()
        .copied()
        .filter(|c| c.starts_with("aws-"))
        .collect();
    assert!(
        aws.is_empty(),
        "the examples package must not depend on AWS crates (move the example to examples/aws/): {aws:?}"
    );
}
