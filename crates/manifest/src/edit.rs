//! Changes to a manifest's text that keep everything else as it was:
//! comments, order, and the tables other parts of slipway own.

use toml_edit::{value, DocumentMut, InlineTable, Item, Table};

use crate::manifest::{Kind, Source};
use crate::{valid_name, Error, Manifest};

fn document(file: &str, text: &str) -> Result<DocumentMut, Error> {
    // Parsed first as a manifest, so an edit never starts from one that is
    // already wrong.
    Manifest::parse(file, text)?;
    text.parse::<DocumentMut>().map_err(|e| Error {
        file: file.to_string(),
        line: None,
        key: None,
        message: e.to_string(),
    })
}

/// Declares (or re-declares) the package `name` of `kind` with a version
/// requirement and a source; a directory source at `default_directory` is
/// written in the short form (`name = "requirement"`). Returns the new text.
pub fn set_entry(
    file: &str,
    text: &str,
    kind: Kind,
    name: &str,
    requirement: &str,
    source: &Source,
) -> Result<String, Error> {
    let fail = |message: String| Error {
        file: file.to_string(),
        line: None,
        key: Some(format!("{}.{name}", kind.table())),
        message,
    };
    if kind == Kind::Core {
        return Err(fail("core is set in [core], not added as a package".into()));
    }
    if !valid_name(name) {
        return Err(fail("not a package name".into()));
    }
    crate::Requirement::parse(requirement).map_err(fail)?;
    let mut doc = document(file, text)?;
    let default_directory = Manifest::parse(file, text)?.directory_url().to_string();
    let table = doc
        .entry(kind.table())
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| fail(format!("[{}] is not a table", kind.table())))?;
    let item = match source {
        Source::Directory(url) if url.trim_end_matches('/') == default_directory => {
            value(requirement)
        }
        _ => {
            let mut inline = InlineTable::new();
            if requirement != "*" {
                inline.insert("version", requirement.into());
            }
            match source {
                Source::Directory(url) => inline.insert("directory", url.as_str().into()),
                Source::Zip(url) => inline.insert("zip", url.as_str().into()),
                Source::Path(path) => inline.insert("path", path.as_str().into()),
                Source::Git { url, reference } => {
                    inline.insert("git", url.as_str().into());
                    inline.insert("ref", reference.as_str().into())
                }
            };
            value(inline)
        }
    };
    table.insert(name, item);
    let out = doc.to_string();
    Manifest::parse(file, &out)?;
    Ok(out)
}

/// Removes the package `name` of `kind`; an error if it is not declared.
pub fn remove_entry(file: &str, text: &str, kind: Kind, name: &str) -> Result<String, Error> {
    let mut doc = document(file, text)?;
    let removed = doc
        .get_mut(kind.table())
        .and_then(|t| t.as_table_like_mut())
        .and_then(|t| t.remove(name));
    if removed.is_none() {
        return Err(Error {
            file: file.to_string(),
            line: None,
            key: Some(format!("{}.{name}", kind.table())),
            message: format!("no {kind} {name} is declared"),
        });
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_comments_and_the_tables_of_others() {
        let text =
            "# my site\n[kubernetes]\nreplicas = 3 # three\n\n[plugins]\nakismet = \"5.3\"\n";
        let out = set_entry(
            "m.toml",
            text,
            Kind::Plugin,
            "premium",
            "2.1",
            &Source::Zip("https://vendor.example/p.zip".into()),
        )
        .unwrap();
        assert!(out.starts_with("# my site\n[kubernetes]\nreplicas = 3 # three\n"));
        assert!(
            out.contains("premium = { version = \"2.1\", zip = \"https://vendor.example/p.zip\" }")
        );
        let out = set_entry(
            "m.toml",
            &out,
            Kind::Theme,
            "twentytwentythree",
            "*",
            &Source::Directory(crate::DEFAULT_DIRECTORY.into()),
        )
        .unwrap();
        assert!(out.contains("[themes]\ntwentytwentythree = \"*\""), "{out}");
        let out = remove_entry("m.toml", &out, Kind::Plugin, "akismet").unwrap();
        assert!(!out.contains("akismet"));
        let err = remove_entry("m.toml", &out, Kind::Plugin, "akismet")
            .unwrap_err()
            .to_string();
        assert!(err.contains("plugins.akismet: no plugin akismet"), "{err}");
        let m = Manifest::parse("m.toml", &out).unwrap();
        assert_eq!(m.packages.len(), 2);
    }
}
