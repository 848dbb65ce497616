//! Reports for people and for programs.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use slipway_scrub::{LeakScanner, Scrubber, UncoveredKey};
use slipway_transform::Report;

/// What a run produced, ready to render.
pub struct Rendered<'a> {
    pub report: &'a Report,
    pub leaks: Option<&'a LeakScanner>,
    pub uncovered: Option<&'a [UncoveredKey]>,
}

impl Rendered<'_> {
    pub fn to_json(&self) -> serde_json::Value {
        let mut json = serde_json::json!({
            "bytes_in": self.report.bytes_in,
            "bytes_out": self.report.bytes_out,
            "totals": self.report.totals(),
            "rows_deleted": self.report.rows_deleted(),
            "tables": self.report.tables,
            "problems": self.report.problems,
            "problem_count": self.report.problem_count,
        });
        if let Some(leaks) = self.leaks {
            json["leaks"] = serde_json::to_value(leaks.report()).unwrap_or_default();
        }
        if let Some(uncovered) = self.uncovered {
            json["uncovered_keys"] = serde_json::to_value(uncovered).unwrap_or_default();
        }
        json
    }

    pub fn to_text(&self) -> String {
        let report = self.report;
        let mut text = String::new();
        let totals = report.totals();
        let _ = writeln!(
            text,
            "{} read, {} written: {} values rewritten ({} replacements, {} serialized values fixed), \
             {} values scrubbed, {} rows deleted, {} values skipped",
            human_bytes(report.bytes_in),
            human_bytes(report.bytes_out),
            totals.rewritten,
            totals.replacements,
            totals.serialized_fixed,
            totals.scrubbed,
            report.rows_deleted(),
            totals.skipped,
        );
        let mut lines = Vec::new();
        for (table, t) in &report.tables {
            if t.rows_deleted > 0 {
                lines.push(format!(
                    "  {table}: {} of {} rows deleted",
                    t.rows_deleted, t.rows
                ));
            }
            for (column, c) in &t.columns {
                let mut parts = Vec::new();
                if c.rewritten > 0 {
                    parts.push(format!("{} rewritten", c.rewritten));
                }
                if c.serialized_fixed > 0 {
                    parts.push(format!("{} serialized fixed", c.serialized_fixed));
                }
                if c.scrubbed > 0 {
                    parts.push(format!("{} scrubbed", c.scrubbed));
                }
                if c.skipped > 0 {
                    parts.push(format!("{} skipped", c.skipped));
                }
                if !parts.is_empty() {
                    lines.push(format!("  {table}.{column}: {}", parts.join(", ")));
                }
            }
        }
        if !lines.is_empty() {
            text.push_str("per table and column:\n");
            for line in lines {
                text.push_str(&line);
                text.push('\n');
            }
        }
        if report.problem_count > 0 {
            let _ = writeln!(text, "{} values left unchanged:", report.problem_count);
            for p in report.problems.iter().take(20) {
                let _ = writeln!(
                    text,
                    "  line {}, {}.{} (key {}): {}",
                    p.line, p.table, p.column, p.primary_key, p.reason
                );
            }
            if report.problem_count > 20 {
                let _ = writeln!(
                    text,
                    "  … and {} more (see --json)",
                    report.problem_count - 20
                );
            }
        }
        if let Some(leaks) = self.leaks {
            text.push_str(&leaks.report().to_string());
        }
        if let Some(uncovered) = self.uncovered {
            if uncovered.is_empty() {
                text.push_str("strict: every meta and option key is covered by a rule\n");
            } else {
                let _ = writeln!(text, "strict: {} keys no rule covers:", uncovered.len());
                for key in uncovered {
                    let _ = writeln!(text, "  {key}");
                }
            }
        }
        text
    }
}

fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Reads the users table of the dump at `path` once, so that accounts kept
/// by login or email are known by ID before their usermeta rows (which dumps
/// write first) go by.
pub fn keep_users_from_prepass(path: &Path, scrubber: &mut Scrubber) -> Result<()> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let reader = std::io::BufReader::with_capacity(1 << 16, file);
    slipway_transform::learn_kept_users(reader, scrubber)
        .with_context(|| format!("reading the users of {}", path.display()))
}
