cde_macros::generate_client!("../../../../tests/ui/specs/openapi31.yaml");

fn main() {}
