cde_macros::generate_client!("../../../../tests/ui/specs/swagger2.json");

fn main() {}
