//! Any bytes as a pod's log: reading trapped mail from it never panics,
//! and every message it finds came from a line that holds the trap's mark.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let log = String::from_utf8_lossy(data);
    let found = slipway_kube::mail::trapped_in_log(&log, "pod");
    let marked = log
        .lines()
        .filter(|l| l.contains(slipway_kube::mail::TRAP_LINE))
        .count();
    assert!(found.len() <= marked, "{} messages from {marked} marked lines", found.len());
    assert!(found.iter().all(|m| m.pod == "pod"));
});
