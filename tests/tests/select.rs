//! A client of selected operations only (`tags = ["runs"]`): it compiles with no
//! warning on its own (no unused types), keeps the whole spec's names, and works
//! against its own mock server.

mod runs {
    cde_macros::generate_client!("../spec/cde-api.yaml", tags = ["runs"], mock = true);
}

const RUN_ID: &str = "019e16f3-dd45-7241-b753-2856c6a3da8a";

#[tokio::test]
async fn the_selected_operations_work() {
    let server = runs::mock::start().await.unwrap();
    let client = cde_tests::support::client(runs::Client::builder(), server.url(), "t0k3n");
    let list: runs::types::RunList = client.run_list().await.unwrap().into_body();
    let shown = client.run_show(RUN_ID).await.unwrap().into_body();
    // The same type names as the full client's.
    let _: &cde_api::types::RunList =
        &serde_json::from_value(serde_json::to_value(&list).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(&shown).unwrap(),
        serde_json::to_value(
            cde_tests::support::client(cde_api::Client::builder(), server.url(), "t0k3n")
                .run_show(RUN_ID)
                .await
                .unwrap()
                .into_body()
        )
        .unwrap()
    );
}
