cde_macros::generate_client!("../../../../tests/compile/ui/specs/minimal-ok.yaml", colour = true);

fn main() {}
