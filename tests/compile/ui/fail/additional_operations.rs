cde_macros::generate_client!("../../../../tests/compile/ui/specs/additional-operations.yaml");

fn main() {}
