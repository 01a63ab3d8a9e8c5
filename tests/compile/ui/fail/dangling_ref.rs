cde_macros::generate_client!("../../../../tests/compile/ui/specs/dangling-ref.yaml");

fn main() {}
