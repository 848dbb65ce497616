//! The code store at fleet scale: disk used by SITES sites of
//! PLUGINS_PER_SITE plugins each (drawn from a pool of POOL plugin versions)
//! on Debian's WordPress core, the time to assemble one site's tree, and
//! the time to verify VERIFY_SITES sites, each against a baseline measured
//! in the same run (plain recursive copies; hashing every file of every
//! site). Plugins are generated, seeded, in this file.
//!
//! Run: cargo bench -p slipway-codestore --bench fleet
//! (SITES=1000 PLUGINS_PER_SITE=20 POOL=60 VERIFY_SITES=100 COPY_SITES=10
//! BENCH_DIR=/tmp by default).

use std::collections::HashSet;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use slipway_codestore::verify::{verify_tree, Options};
use slipway_codestore::{assemble, resolve, Fetcher, HashCache, Store, Update};
use slipway_manifest::{Kind, Lock, Manifest};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A deterministic generator (xorshift), so every run builds the same
/// plugins.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// A plugin zip of about 150 PHP, JS and CSS files (1 to 16 KiB each, about
/// 1.2 MB), as plugins from the directory look.
fn plugin_zip(index: usize) -> Vec<u8> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (index as u64 + 1));
    let name = format!("plugin-{index:03}");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().unix_permissions(0o644);
    let files = 120 + (rng.next() % 60) as usize;
    for f in 0..files {
        let (dir, ext) = match f % 5 {
            0 => ("assets/js", "js"),
            1 => ("assets/css", "css"),
            _ => ("includes", "php"),
        };
        let path = if f == 0 {
            format!("{name}/{name}.php")
        } else {
            format!("{name}/{dir}/file-{f}.{ext}")
        };
        zip.start_file(path, options).unwrap();
        if f == 0 {
            write!(
                zip,
                "<?php\n/*\n * Plugin Name: {name}\n * Version: 1.0.{index}\n */\n"
            )
            .unwrap();
        }
        let size = 1024 + (rng.next() % (15 * 1024)) as usize;
        let mut body = String::with_capacity(size);
        while body.len() < size {
            body.push_str(&format!(
                "$value_{} = '{:x}';\n",
                rng.next() % 997,
                rng.next()
            ));
        }
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// Bytes on disk (blocks) of every inode under `root` not in `seen`, and of
/// its directories; `seen` collects the inodes. Symbolic links are counted
/// as themselves, not followed.
fn disk(root: &Path, seen: &mut HashSet<(u64, u64)>) -> (u64, u64) {
    let (mut files, mut dirs) = (0, 0);
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        dirs += std::fs::symlink_metadata(&dir).unwrap().blocks() * 512;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let meta = std::fs::symlink_metadata(entry.path()).unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else if seen.insert((meta.dev(), meta.ino())) {
                files += meta.blocks() * 512;
            }
        }
    }
    (files, dirs)
}

/// A plain copy of what a tree serves (links followed).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if std::fs::metadata(entry.path()).unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
}

fn main() {
    let sites = env("SITES", 1000);
    let per_site = env("PLUGINS_PER_SITE", 20);
    let pool = env("POOL", 60).max(per_site);
    let verify_sites = env("VERIFY_SITES", 100).min(sites);
    let copy_sites = env("COPY_SITES", 10).min(sites);
    let base = PathBuf::from(std::env::var("BENCH_DIR").unwrap_or_else(|_| "/tmp".into()));
    let work = tempfile::Builder::new()
        .prefix("slipway-fleet-")
        .tempdir_in(&base)
        .unwrap();
    let root = work.path();

    // One lock with core and the whole pool; each site's lock takes core
    // and its own draw of plugins from it.
    let zips = root.join("zips");
    std::fs::create_dir_all(&zips).unwrap();
    let mut manifest = String::from("[core]\npath = \"/usr/share/wordpress\"\n\n[plugins]\n");
    for i in 0..pool {
        let zip = zips.join(format!("plugin-{i:03}.zip"));
        std::fs::write(&zip, plugin_zip(i)).unwrap();
        manifest.push_str(&format!(
            "plugin-{i:03} = {{ zip = \"file://{}\" }}\n",
            zip.display()
        ));
    }
    let manifest = Manifest::parse("fleet.toml", &manifest).unwrap();
    let store = Store::open(root.join("store")).unwrap();
    let started = Instant::now();
    let all = resolve(
        &manifest,
        root,
        None,
        &Update::Nothing,
        &store,
        &Fetcher::default(),
    )
    .unwrap();
    let locked_in = started.elapsed();
    let core = all.core().unwrap().clone();
    let plugins: Vec<_> = all
        .packages
        .iter()
        .filter(|p| p.kind == Kind::Plugin)
        .cloned()
        .collect();
    let mut rng = Rng(42);
    let locks: Vec<Lock> = (0..sites)
        .map(|_| {
            let mut chosen: Vec<usize> = (0..pool).collect();
            for i in 0..per_site {
                let j = i + (rng.next() as usize) % (pool - i);
                chosen.swap(i, j);
            }
            let mut lock = Lock {
                php: None,
                packages: std::iter::once(core.clone())
                    .chain(chosen[..per_site].iter().map(|&i| plugins[i].clone()))
                    .collect(),
            };
            lock.sort();
            lock
        })
        .collect();

    let trees = root.join("trees");
    std::fs::create_dir_all(&trees).unwrap();
    let mut assembly = Vec::with_capacity(sites);
    let mut files_per_site = 0;
    let mut entries_per_site = 0;
    for (i, lock) in locks.iter().enumerate() {
        let t = Instant::now();
        let built = assemble(&store, lock, &trees.join(format!("site-{i:04}"))).unwrap();
        assembly.push(t.elapsed());
        files_per_site = files_per_site.max(slipway_codestore::plan(lock).len());
        entries_per_site = entries_per_site.max(built.files + built.linked_dirs + built.dirs);
    }

    let mut seen = HashSet::new();
    let (objects, store_dirs) = disk(&store.root().join("objects"), &mut seen);
    let (package_trees, package_tree_dirs) = disk(&store.root().join("trees"), &mut seen);
    let (archives, _) = disk(&store.root().join("archives"), &mut seen);
    let (tree_files, tree_dirs) = disk(&trees, &mut seen);

    // Baseline: plain recursive copies of the same trees.
    let copies = root.join("copies");
    let mut copying = Vec::new();
    for i in 0..copy_sites {
        let t = Instant::now();
        copy_tree(
            &trees.join(format!("site-{i:04}")),
            &copies.join(format!("site-{i:04}")),
        );
        copying.push(t.elapsed());
    }
    // And `cp -al` of the same files, the fastest a stock tool links a
    // tree of them.
    let mut linking = Vec::new();
    for i in 0..copy_sites {
        let t = Instant::now();
        let status = std::process::Command::new("cp")
            .arg("-al")
            .arg(copies.join(format!("site-{i:04}")))
            .arg(root.join(format!("cp-al-{i:04}")))
            .status()
            .unwrap();
        assert!(status.success());
        linking.push(t.elapsed());
    }
    let mut copy_seen = HashSet::new();
    let (copy_files, copy_dirs) = disk(&copies, &mut copy_seen);
    let copy_per_site = (copy_files + copy_dirs) / copy_sites.max(1) as u64;

    // Verification: shared packages hashed once per run, against hashing
    // every file of every site.
    let options = Options {
        store: Some(&store),
        ..Options::default()
    };
    let mut cache = HashCache::new();
    let t = Instant::now();
    for (i, lock) in locks.iter().enumerate().take(verify_sites) {
        let report = verify_tree(
            &trees.join(format!("site-{i:04}")),
            lock,
            &options,
            &mut cache,
        )
        .unwrap();
        assert!(report.drift.is_empty());
    }
    let verify_shared = t.elapsed();
    let hashed = cache.hashed();
    let t = Instant::now();
    for (i, lock) in locks.iter().enumerate().take(verify_sites) {
        verify_tree(
            &trees.join(format!("site-{i:04}")),
            lock,
            &options,
            &mut HashCache::new(),
        )
        .unwrap();
    }
    let verify_each = t.elapsed();

    let store_total = objects + store_dirs + archives + package_trees + package_tree_dirs;
    let fleet_total = store_total + tree_files + tree_dirs;
    println!(
        "## Code store: {sites} sites × {per_site} plugins (pool of {pool}) on Debian's core\n"
    );
    println!(
        "locked core + {pool} plugins into the store in {:.2} s; {files_per_site} files per site, {entries_per_site} entries made per tree (links to files and package trees, directories)\n",
        locked_in.as_secs_f64()
    );
    println!("| measure | slipway store | baseline | ratio |");
    println!("| --- | ---: | ---: | ---: |");
    println!(
        "| disk, {sites} sites | {} (objects {}, archives {}, package trees' directories {}, sites' trees {}) | {} (plain copies: {} per site × {sites}) | {:.1}× less |",
        mib(fleet_total),
        mib(objects),
        mib(archives),
        mib(package_trees + package_tree_dirs),
        mib(tree_dirs + tree_files),
        mib(copy_per_site * sites as u64),
        mib(copy_per_site),
        (copy_per_site * sites as u64) as f64 / fleet_total as f64
    );
    let a = median(assembly);
    let c = median(copying);
    println!(
        "| assemble one site's tree (median of {sites}) | {:.1} ms | {:.1} ms (recursive copy, median of {copy_sites}) | {:.1}× faster |",
        a.as_secs_f64() * 1e3,
        c.as_secs_f64() * 1e3,
        c.as_secs_f64() / a.as_secs_f64()
    );
    let l = median(linking);
    println!(
        "| assemble one site's tree | {:.1} ms | {:.1} ms (`cp -al` of the same files, median of {copy_sites}) | {:.1}× faster |",
        a.as_secs_f64() * 1e3,
        l.as_secs_f64() * 1e3,
        l.as_secs_f64() / a.as_secs_f64()
    );
    println!(
        "| verify {verify_sites} sites | {:.2} s ({hashed} files hashed) | {:.2} s (every file hashed) | {:.1}× faster |",
        verify_shared.as_secs_f64(),
        verify_each.as_secs_f64(),
        verify_each.as_secs_f64() / verify_shared.as_secs_f64()
    );
    slipway_codestore::make_writable(root).unwrap();
}
