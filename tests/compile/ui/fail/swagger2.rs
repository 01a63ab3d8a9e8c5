cde_macros::generate_client!("../../../../tests/compile/ui/specs/swagger2.json");

fn main() {}
