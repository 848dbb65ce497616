//! Any text as slipway.toml: parsing and resolving never panic, and a
//! manifest that resolves renders objects whose names Kubernetes accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for env in ["production", "staging"] {
        let Ok(rendered) = slipway_kube::render_manifest(text, "slipway.toml", "site", env) else {
            continue;
        };
        for object in &rendered.objects {
            let name = object.name();
            assert!(
                !name.is_empty()
                    && name.len() <= 63
                    && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "invalid object name {name:?}"
            );
        }
        slipway_kube::output::files(&rendered, "fuzz").expect("rendered objects serialize");
    }
});
