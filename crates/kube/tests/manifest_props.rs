//! Properties of manifests of any shape: a manifest either renders objects
//! whose names and labels Kubernetes accepts, or fails with an error that
//! names the key at fault; never a panic.

use proptest::prelude::*;

fn is_label(value: &str, max: usize) -> bool {
    !value.is_empty()
        && value.len() <= max
        && value.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.' || b == b'_'
        })
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9-]{0,30}",
        "[A-Za-z0-9 _.-]{0,12}",
        Just(String::new())
    ]
}

proptest! {
    #[test]
    fn manifests_render_valid_names_or_name_the_key(
        site in word(),
        tenant in word(),
        env in prop_oneof![Just("production".to_string()), Just("staging".to_string()), word()],
        domain in prop_oneof!["[a-z]{1,10}\\.[a-z]{2,5}", word()],
        replicas in 0u32..6,
        max in 0u32..30,
        instances in prop::collection::vec("[a-z0-9-]{0,14}", 0..3),
        mode in prop_oneof![Just("shared"), Just("dedicated"), Just("other")],
        media in prop_oneof![Just("s3"), Just("rwx")],
        routing in prop_oneof![Just("ingress"), Just("gateway")],
    ) {
        let instances: Vec<String> = instances.iter().map(|i| format!("{i:?}")).collect();
        let text = format!(
            "[site]\nname = {site:?}\n[kubernetes]\ntenant = {tenant:?}\ndomains = [{domain:?}]\nreplicas = {replicas}\n\
             autoscale = {{ max = {max} }}\ndatabase = {{ mode = {mode:?} }}\nmedia = {{ mode = {media:?} }}\n\
             routing = {{ kind = {routing:?} }}\ns3 = {{ endpoint = \"https://s3.example\", bucket = \"b\", secret = \"s3\" }}\n\
             [kubernetes.env.{env:?}]\ndomains = [{domain:?}]\ninstances = [{}]\n",
            instances.join(", ")
        );
        match slipway_kube::render_manifest(&text, "slipway.toml", "cli-name", &env, Some("5e1f7c2d0b9a8e3f4c6d7a1b2e9f0c3d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d")) {
            Ok(rendered) => {
                for object in &rendered.objects {
                    prop_assert!(is_label(object.name(), 63), "name {:?}", object.name());
                    for (key, value) in object.labels() {
                        prop_assert!(is_label(value, 63), "label {key}={value:?}");
                    }
                }
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with("slipway.toml: "), "{message}");
                prop_assert!(
                    message.contains("kubernetes") || message.contains("site") || message.contains("environment")
                        || message.contains("line "),
                    "{message}"
                );
            }
        }
    }
}
