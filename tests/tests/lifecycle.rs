//! The lifecycle example (`cde-api/examples/lifecycle.rs`) on the CDE simulator:
//! what it prints is what the README shows, run after run (ids and times are
//! fixed offline). The steps taken out of order, and their documented refusals,
//! are `simulator.rs`'s `the_pipeline_runs_in_the_documented_order`.

#[allow(dead_code, reason = "the example's `main` is not called here")]
#[path = "../../cde-api/examples/lifecycle.rs"]
mod lifecycle;

/// The example's offline output, as `cargo run -p cde-api --example lifecycle`
/// prints it.
async fn offline_output() -> String {
    let server = cde_api::simulator::start().await.unwrap();
    let client = cde_api::Client::builder()
        .base_url(server.url())
        .bearer_token("offline-token")
        .build()
        .unwrap();
    let mut out = Vec::new();
    lifecycle::run(&client, &mut out).await.unwrap();
    format!(
        "{}\n\n{}",
        lifecycle::OFFLINE,
        String::from_utf8(out).unwrap()
    )
}

#[tokio::test]
async fn the_readme_shows_what_the_lifecycle_prints() {
    let printed = offline_output().await;
    let readme = cde_tests::support::read_text("README.md");
    let shown = readme
        .split_once("<!-- lifecycle-output:start -->\n```text\n")
        .and_then(|(_, rest)| rest.split_once("```\n<!-- lifecycle-output:end -->"))
        .map(|(shown, _)| shown)
        .expect("the README's lifecycle output block");
    assert_eq!(
        shown, printed,
        "the README's lifecycle output is not what the example prints; the example prints:\n{printed}"
    );
    assert!(
        shown.lines().count() <= 40,
        "the README shows at most 40 lines"
    );
    // The same again: nothing in it depends on the run.
    assert_eq!(offline_output().await, printed);
}

#[tokio::test]
async fn the_lifecycle_keeps_one_connector_and_each_change() {
    let printed = offline_output().await;
    let created = printed
        .lines()
        .nth(3)
        .and_then(|line| line.split_whitespace().nth(1))
        .expect("the created connector's id");
    let shown: Vec<&str> = printed
        .lines()
        .filter(|line| line.starts_with("   omdb "))
        .collect();
    assert_eq!(shown.len(), 8);
    assert!(shown.iter().all(|line| line.contains(created)), "{printed}");
    let last = printed.lines().rev().nth(1).unwrap();
    // Every change, kept to the end: the Container API, the targets, the dev
    // site and the access.
    for kept in [
        "^1.0",
        "[789, 987]",
        "[123, 456]",
        "dev site 1001",
        "access accounts [789] sites [123]",
    ] {
        assert!(printed.contains(kept), "{kept} missing");
    }
    assert!(
        last.contains("dev site 1001") && last.contains("access accounts [789]"),
        "{last}"
    );
    assert!(printed.contains(": synchronized-to-dev,"), "{printed}");
}
