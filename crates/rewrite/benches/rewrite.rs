//! Throughput of the pre-filter and of whole-value rewriting on a mix shaped
//! like a WordPress dump: most values hold no URL of the site.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use slipway_rewrite::{Mapping, Outcome, Rewriter};

/// The site's pairs plus `extra` more: subdomains of one network domain, or
/// as many separate domains (which share no needle).
fn rewriter(extra: usize, separate_domains: bool) -> Rewriter {
    let mut pairs = vec![
        Mapping {
            from: "https://example.com".into(),
            to: "https://staging.example.org".into(),
        },
        Mapping {
            from: "http://example.com".into(),
            to: "https://staging.example.org".into(),
        },
        Mapping {
            from: "https://www.example.com".into(),
            to: "https://staging.example.org".into(),
        },
    ];
    for i in 0..extra {
        let host = if separate_domains {
            format!("site{i}-network.net")
        } else {
            format!("site{i}.network-example.net")
        };
        pairs.push(Mapping {
            from: format!("https://{host}"),
            to: format!("https://site{i}.staging.example.org"),
        });
    }
    Rewriter::new(&pairs).expect("valid pairs")
}

fn serialized_string(s: &str) -> String {
    format!("s:{}:\"{s}\";", s.len())
}

/// Values in the proportions of a typical dump: many short ones, options,
/// and long post bodies, one in ten of which links to the site.
fn corpus() -> Vec<Vec<u8>> {
    let paragraph = "<!-- wp:paragraph --><p>Example Corp ships examples of everything: \
        read the community guide, our example docs and the FAQ before you write to \
        support. Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\
        <!-- /wp:paragraph -->";
    let image = r#"<!-- wp:image {"id":42,"sizeSlug":"large","url":"https:\/\/example.com\/wp-content\/uploads\/a.jpg"} --><figure><img src="https://example.com/wp-content/uploads/a.jpg" alt=""/></figure><!-- /wp:image -->"#;
    let mut values = Vec::new();
    for i in 0..2000 {
        values.push(b"publish".to_vec());
        values.push(format!("2024-05-{:02} 10:11:12", i % 28 + 1).into_bytes());
        values.push(format!("{}", 1000 + i).into_bytes());
        values.push(b"open".to_vec());
        let option = format!(
            "a:3:{{s:5:\"title\";{}s:5:\"count\";i:{i};s:4:\"show\";b:1;}}",
            serialized_string("Recent posts")
        );
        values.push(option.into_bytes());
        if i % 10 == 0 {
            let option = format!(
                "a:2:{{s:4:\"home\";{}s:4:\"logo\";{}}}",
                serialized_string("https://example.com"),
                serialized_string("https://example.com/wp-content/uploads/logo.png")
            );
            values.push(option.into_bytes());
        }
        let mut post = paragraph.repeat(8);
        if i % 10 == 0 {
            post.push_str(image);
        }
        values.push(post.into_bytes());
    }
    values
}

fn bench(c: &mut Criterion) {
    let values = corpus();
    let bytes: usize = values.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("dump mix");
    group.throughput(Throughput::Bytes(bytes as u64));
    for (label, extra, separate) in [
        ("1 site", 0, false),
        ("400 subdomains", 400, false),
        ("40 domains", 40, true),
        ("400 domains", 400, true),
    ] {
        let r = rewriter(extra, separate);
        group.bench_with_input(
            BenchmarkId::new("may_match", label),
            &values,
            |b, values| {
                b.iter(|| values.iter().filter(|v| r.may_match(v)).count());
            },
        );
        group.bench_with_input(
            BenchmarkId::new("rewrite_value", label),
            &values,
            |b, values| {
                let mut out = Vec::new();
                b.iter(|| {
                    let mut changed = 0;
                    for v in values {
                        out.clear();
                        if r.may_match(v) && r.rewrite_value(v, &mut out) != Outcome::Unchanged {
                            changed += 1;
                        }
                    }
                    changed
                });
            },
        );
    }
    group.finish();

    // The per-value cost on the short values most columns hold.
    let short: Vec<&[u8]> = vec![
        b"publish",
        b"2024-05-01 10:11:12",
        b"closed",
        b"1234",
        b"post",
    ];
    let mut group = c.benchmark_group("short values");
    group.throughput(Throughput::Elements(short.len() as u64));
    let r = rewriter(0, false);
    group.bench_function("may_match", |b| {
        b.iter(|| short.iter().filter(|v| r.may_match(black_box(v))).count());
    });
    group.finish();

    // A long post linking to the site in every paragraph: the cost of
    // rewriting where matches are dense.
    let paragraph = "<!-- wp:paragraph --><p>Read <a href=\"https://example.com/guide/\">the \
        guide</a> before you write to support. Lorem ipsum dolor sit amet, consectetur \
        adipiscing elit, sed do eiusmod tempor incididunt ut labore.</p><!-- /wp:paragraph -->";
    let post = paragraph.repeat(200).into_bytes();
    let mut group = c.benchmark_group("linked post");
    group.throughput(Throughput::Bytes(post.len() as u64));
    let r = rewriter(0, false);
    group.bench_function("rewrite_text", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            out.clear();
            r.rewrite_text(&post, &mut out)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
