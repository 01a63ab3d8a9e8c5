cde_macros::generate_client!("../../../../tests/ui/specs/additional-operations.yaml");

fn main() {}
