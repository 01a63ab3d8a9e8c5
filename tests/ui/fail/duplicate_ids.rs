cde_macros::generate_client!("../../../../tests/ui/specs/duplicate-ids.yaml");

fn main() {}
