mod api {
    cde_macros::generate_client!("../../../../tests/ui/specs/forward-v2.yaml");
}

include!("../forward/caller.rs");
