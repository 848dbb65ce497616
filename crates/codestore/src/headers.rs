//! The version a package says it is: the `Version:` header of a plugin's
//! main file or a theme's `style.css`, or core's `$wp_version`.

use slipway_manifest::Kind;

/// The version `contents` (of the file at `path` inside a package of
/// `kind`) declares, if it declares one.
pub fn header_version(kind: Kind, path: &str, contents: &[u8]) -> Option<String> {
    // Headers sit at the top; WordPress itself reads only the first 8 KiB.
    let head = &contents[..contents.len().min(8192)];
    let text = String::from_utf8_lossy(head);
    match kind {
        Kind::Core => {
            if path != "wp-includes/version.php" {
                return None;
            }
            let start = text.find("$wp_version")?;
            let rest = &text[start..];
            let quote_at = rest.find(['\'', '"'])?;
            let quote = rest[quote_at..].chars().next()?;
            let value = &rest[quote_at + 1..];
            let end = value.find(quote)?;
            Some(value[..end].to_string())
        }
        Kind::Theme if path != "style.css" => None,
        Kind::Plugin | Kind::MuPlugin | Kind::Dropin
            if path.contains('/') || !path.ends_with(".php") =>
        {
            None
        }
        _ => {
            if kind != Kind::Theme && !text.contains("Plugin Name:") {
                return None;
            }
            text.lines().find_map(|line| {
                let line = line.trim_start_matches([' ', '\t', '*', '#', '/']);
                let value = line.strip_prefix("Version:")?.trim();
                (!value.is_empty()).then(|| value.to_string())
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_from_the_headers_wordpress_reads() {
        let plugin = b"<?php\n/**\n * Plugin Name: Hello\n * Version: 1.2.3\n */\n";
        assert_eq!(
            header_version(Kind::Plugin, "hello.php", plugin).as_deref(),
            Some("1.2.3")
        );
        assert_eq!(header_version(Kind::Plugin, "lib/x.php", plugin), None);
        let theme = b"/*\nTheme Name: T\nVersion: 2.0\n*/";
        assert_eq!(
            header_version(Kind::Theme, "style.css", theme).as_deref(),
            Some("2.0")
        );
        let core = b"<?php\n$wp_version = '6.1.1';\n";
        assert_eq!(
            header_version(Kind::Core, "wp-includes/version.php", core).as_deref(),
            Some("6.1.1")
        );
    }
}
