// The null branch is left out when the 3.1 schema is read, yet the error names
// the branch where the source has it (`anyOf/1`, line 8).
cde_macros::generate_client!("../../../../tests/compile/ui/specs/v31-renumbered.yaml");

fn main() {}
