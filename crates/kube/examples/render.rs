fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let r = slipway_kube::render_manifest(&text, &args[1], "x", &args[2]).unwrap();
    let files = slipway_kube::output::files(&r, "t").unwrap();
    slipway_kube::output::write_tree(std::path::Path::new(&args[3]), &files).unwrap();
}
