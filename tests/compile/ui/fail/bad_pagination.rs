cde_macros::generate_client!(
    "../../../../tests/compile/ui/specs/minimal-ok.yaml",
    pagination = { list_items = { style = "cursor", cursor-param = "after" } }
);

fn main() {}
