cde_macros::generate_client!("../../../../tests/ui/specs/json-schema-dialect.yaml");

fn main() {}
