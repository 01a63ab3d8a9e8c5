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
    let client = runs::Client::builder()
        .base_url(server.url())
        .bearer_token("t0k3n")
        .build()
        .unwrap();
    let list: runs::types::RunList = client.run_list().await.unwrap().into_body();
    let shown = client.run_show(RUN_ID).await.unwrap().into_body();
    // The same type names as the full client's.
    let _: &cde_api::types::RunList =
        &serde_json::from_value(serde_json::to_value(&list).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_value(&shown).unwrap(),
        serde_json::to_value(
            cde_api::Client::builder()
                .base_url(server.url())
                .bearer_token("t0k3n")
                .build()
                .unwrap()
                .run_show(RUN_ID)
                .await
                .unwrap()
                .into_body()
        )
        .unwrap()
    );
}
