cde_macros::generate_client!("../../../../tests/compile/ui/specs/duplicate-ids.yaml");

fn main() {}
