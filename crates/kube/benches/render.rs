//! Rendering a fleet: 10,000 site manifests (seven small sites, two
//! multisite networks and one large tenant in every ten) parsed, resolved,
//! rendered and written as YAML in memory. The baseline is serializing the
//! very same objects with serde_json alone, measured in the same run.
//!
//! `cargo bench -p slipway-kube --bench render` (RUNS=5, SITES=10000).
//! Times are CPU seconds of this process (user + system), medians.

use std::hint::black_box;

fn cpu_seconds() -> f64 {
    // utime and stime, fields 14 and 15 of /proc/self/stat, in clock ticks
    // (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    let after_name = &stat[stat.rfind(')').expect("stat format") + 2..];
    let fields: Vec<&str> = after_name.split(' ').collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

fn manifest(i: usize) -> String {
    let case = match i % 10 {
        0..=6 => "small",
        7 | 8 => "multisite",
        _ => "large",
    };
    let path = format!(
        "{}/tests/cases/{case}/slipway.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).expect("sample manifest");
    // Every site its own name, tenant and domains.
    let text = text
        .replace("name = \"blog\"", &format!("name = \"blog{i}\""))
        .replace("name = \"network\"", &format!("name = \"net{i}\""))
        .replace("name = \"store\"", &format!("name = \"store{i}\""))
        .replace(".example\"", &format!("{i}.example\""));
    text.replace("tenant = \"", &format!("tenant = \"t{}-", i / 25))
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    xs[xs.len() / 2]
}

fn main() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let sites: usize = std::env::var("SITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let manifests: Vec<String> = (0..sites).map(manifest).collect();
    let rendered: Vec<slipway_kube::Rendered> = manifests
        .iter()
        .enumerate()
        .map(|(i, m)| {
            slipway_kube::render_manifest(
                m,
                "slipway.toml",
                &format!("s{i}"),
                "production",
                Some("5e1f7c2d0b9a8e3f4c6d7a1b2e9f0c3d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"),
            )
            .unwrap()
        })
        .collect();
    let objects: usize = rendered.iter().map(|r| r.objects.len()).sum();

    let (mut full, mut render_only, mut json) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = cpu_seconds();
        let mut bytes = 0;
        for (i, m) in manifests.iter().enumerate() {
            let r = slipway_kube::render_manifest(
                m,
                "slipway.toml",
                &format!("s{i}"),
                "production",
                Some("5e1f7c2d0b9a8e3f4c6d7a1b2e9f0c3d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"),
            )
            .unwrap();
            for (_, text) in slipway_kube::output::files(&r, "bench").unwrap() {
                bytes += text.len();
            }
        }
        black_box(bytes);
        full.push(cpu_seconds() - start);

        let start = cpu_seconds();
        for (i, m) in manifests.iter().enumerate() {
            black_box(
                slipway_kube::render_manifest(
                    m,
                    "slipway.toml",
                    &format!("s{i}"),
                    "production",
                    Some("5e1f7c2d0b9a8e3f4c6d7a1b2e9f0c3d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"),
                )
                .unwrap(),
            );
        }
        render_only.push(cpu_seconds() - start);

        let start = cpu_seconds();
        let mut bytes = 0;
        for r in &rendered {
            for object in &r.objects {
                bytes += serde_json::to_string(object).unwrap().len();
            }
        }
        black_box(bytes);
        json.push(cpu_seconds() - start);
    }
    let (full, render_only, json) = (median(full), median(render_only), median(json));
    println!("{sites} sites, {objects} objects, {runs} runs, median CPU seconds");
    println!("| step | median CPU s | × baseline |");
    println!("| --- | ---: | ---: |");
    println!("| baseline: serde_json::to_string of the same objects | {json:.2} | 1.00 |");
    println!(
        "| parse + resolve + render (typed objects) | {render_only:.2} | {:.2} |",
        render_only / json
    );
    println!(
        "| parse + resolve + render + YAML files | {full:.2} | {:.2} |",
        full / json
    );
}
