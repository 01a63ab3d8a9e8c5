cde_macros::generate_client!("../../../../tests/compile/ui/specs/json-schema-dialect.yaml");

fn main() {}
