//! Any text as slipway.toml: parsing and resolving never panic, and a
//! manifest that resolves renders objects whose names Kubernetes accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for env in ["production", "staging"] {
        let Ok(rendered) = slipway_kube::render_manifest(
            text,
            "slipway.toml",
            "site",
            env,
            Some("5e1f7c2d0b9a8e3f4c6d7a1b2e9f0c3d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"),
        ) else {
            continue;
        };
        for object in &rendered.objects {
            let name = object.name();
            assert!(
                !name.is_empty()
                    && name.len() <= 63
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "invalid object name {name:?}"
            );
        }
        slipway_kube::output::files(&rendered, "fuzz").expect("rendered objects serialize");
    }
});
