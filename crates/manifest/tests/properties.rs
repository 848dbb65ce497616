//! Properties of the manifest and lock parsers over arbitrary input.

use std::collections::BTreeMap;

use proptest::prelude::*;
use slipway_manifest::{
    FileRecord, Kind, Lock, LockedPackage, Manifest, Requirement, Source, Version,
};

proptest! {
    #[test]
    fn parsers_never_panic(text in "\\PC{0,300}") {
        let _ = Manifest::parse("m.toml", &text);
        let _ = Lock::parse("m.lock", &text);
        let _ = Requirement::parse(&text);
        let _ = Version::parse(&text);
    }

    #[test]
    fn version_order_is_total_and_consistent(a in "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}(-(alpha|beta|RC)[0-9]?)?",
                                              b in "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}(-(alpha|beta|RC)[0-9]?)?") {
        let (va, vb) = (Version::parse(&a).unwrap(), Version::parse(&b).unwrap());
        prop_assert_eq!(va.cmp(&vb), vb.cmp(&va).reverse());
        let exact = Requirement::parse(&format!("={a}")).unwrap();
        prop_assert!(exact.matches(&va));
    }

    #[test]
    fn a_lock_reads_back_as_written(
        files in proptest::collection::btree_map("[a-z]{1,8}(/[a-z0-9 ._\"-]{1,8}){0,2}", (any::<bool>(), "[0-9a-f]{64}"), 0..8),
        version in "[0-9]\\.[0-9]",
    ) {
        let files: BTreeMap<String, FileRecord> = files
            .into_iter()
            .filter(|(p, _)| slipway_manifest::valid_relative_path(p))
            .map(|(p, (executable, sha256))| (p, FileRecord { sha256, executable }))
            .collect();
        let lock = Lock {
            php: Some("8.2".into()),
            packages: vec![LockedPackage {
                kind: Kind::Theme,
                name: "t".into(),
                version,
                source: Source::Git { url: "https://git.example/t.git".into(), reference: "0123abcd".into() },
                url: None,
                sha256: None,
                files,
            }],
        };
        prop_assert_eq!(Lock::parse("l", &lock.to_toml()).unwrap(), lock);
    }
}
