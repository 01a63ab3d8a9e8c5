cde_macros::generate_client!(
    "../../../../tests/compile/ui/specs/minimal-ok.yaml",
    pagination = r#"{"list_items": {"style": "cursor", "cursor-param": "after", "default-limit": 20},
        "repos/list-for-org": {"style": "link", "items": ""}}"#
);

fn main() {}
