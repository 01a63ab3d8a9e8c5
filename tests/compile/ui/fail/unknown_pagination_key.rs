cde_macros::generate_client!(
    "../../../../tests/compile/ui/specs/minimal-ok.yaml",
    pagination = { "repos/list-for-org" = { style = "link", item = "" } }
);

fn main() {}
