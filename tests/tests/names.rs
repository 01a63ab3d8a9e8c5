//! Names a spec makes hard (fixture `tests/fixtures/names.yaml`): enum values that
//! are not identifiers (`+1`, `-1`, `>=`, the empty string, `ACTIVATED` beside
//! `activated`, keywords), properties and parameters named by Rust keywords and
//! reserved words, names equal after case conversion, and operations without an
//! operationId (named from method and path). Each value must make it through
//! the client and the mock server unchanged, in the query and in JSON.

use std::collections::HashSet;

use api::types::{Keywords, Reaction, UserStatus, UserStatus2};

mod api {
    cde_macros::generate_client!("fixtures/names.yaml", mock = true);
}

const ALL: [Reaction; 11] = [
    Reaction::Plus1,
    Reaction::Minus1,
    Reaction::GtEq,
    Reaction::Empty,
    Reaction::Activated,
    Reaction::Activated2,
    Reaction::Laugh,
    Reaction::Self_,
    Reaction::Self_2,
    Reaction::Gen,
    Reaction::Value,
];

#[test]
fn every_enum_value_has_its_own_variant() {
    let wire: Vec<&str> = ALL.iter().map(Reaction::as_str).collect();
    assert_eq!(
        wire,
        [
            "+1",
            "-1",
            ">=",
            "",
            "ACTIVATED",
            "activated",
            "laugh",
            "self",
            "Self",
            "gen",
            "_"
        ]
    );
    assert_eq!(wire.iter().collect::<HashSet<_>>().len(), ALL.len());
    for value in &ALL {
        let json = serde_json::to_string(value).unwrap();
        assert_eq!(&serde_json::from_str::<Reaction>(&json).unwrap(), value);
    }
    // A value the spec does not list is kept, not an error.
    assert_eq!(
        serde_json::from_str::<Reaction>("\"heart\"").unwrap(),
        Reaction::Unknown(String::from("heart"))
    );
}

#[test]
fn keyword_properties_keep_their_json_names() {
    let mut value = Keywords::new();
    value.self_ = Some("a".into());
    value.self_2 = Some("b".into());
    value.crate_ = Some("c".into());
    value.super_ = Some("d".into());
    value.r#gen = Some("e".into());
    value.value = Some("f".into());
    value.r#type = Some("g".into());
    value.r_raw = Some("h".into());
    value.foo_bar = Some("i".into());
    value.foo_bar_2 = Some("j".into());
    value.foo_bar_3 = Some("k".into());
    assert_eq!(
        serde_json::to_value(&value).unwrap(),
        serde_json::json!({
            "self": "a", "Self": "b", "crate": "c", "super": "d", "gen": "e", "_": "f",
            "type": "g", "r#raw": "h", "foo-bar": "i", "foo_bar": "j", "fooBar": "k"
        })
    );
}

#[tokio::test]
async fn values_and_names_survive_the_wire() {
    let server = api::mock::builder()
        .on_get_reactions(|request| async move {
            let mut echo = Keywords::new();
            echo.self_ = request.self_;
            echo.r#type = request.r#type;
            echo.value = request.content.map(|c| c.as_str().to_owned());
            api::types::GetReactionsResponse::Status200(vec![echo])
        })
        .on_put_user_status(|request| async move {
            let mut status = UserStatus::new();
            status.text = request.body.and_then(|b: UserStatus2| b.emoji);
            api::types::PutUserStatusResponse::Status200(status)
        })
        .start()
        .await
        .unwrap();
    let client = cde_tests::support::anonymous_client(api::Client::builder(), server.url());
    for value in ALL {
        let echoed = client
            .get_reactions()
            .content(value.clone())
            .self_("me")
            .r#type("t")
            .await
            .unwrap()
            .into_body();
        assert_eq!(echoed.len(), 1);
        assert_eq!(echoed[0].value.as_deref(), Some(value.as_str()));
        assert_eq!(echoed[0].self_.as_deref(), Some("me"));
        assert_eq!(echoed[0].r#type.as_deref(), Some("t"));
    }
    // `user_status` and `UserStatus` are two types; the operation has no
    // operationId and is named from its method and path.
    let mut body = UserStatus2::new();
    body.emoji = Some(String::from(":+1:"));
    let status = client
        .put_user_status()
        .body(body)
        .await
        .unwrap()
        .into_body();
    assert_eq!(status.text.as_deref(), Some(":+1:"));
    client.delete_reactions_id(7).await.unwrap();
}
