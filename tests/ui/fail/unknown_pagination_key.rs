cde_macros::generate_client!(
    "../../../../tests/ui/specs/minimal-ok.yaml",
    pagination = { "repos/list-for-org" = { style = "link", item = "" } }
);

fn main() {}
