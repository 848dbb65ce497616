//! `slipway.toml`'s code tables.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use crate::version::Requirement;
use crate::{valid_name, Error};

/// Where directory sources are looked up unless the manifest says
/// otherwise: WordPress.org's API (`plugins/info/1.2`, `themes/info/1.2`,
/// `core/checksums/1.0`).
pub const DEFAULT_DIRECTORY: &str = "https://api.wordpress.org";

/// The kind of a code package, which says where it goes in a WordPress tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// WordPress core: the tree's root, except `wp-content`.
    Core,
    /// `wp-content/plugins/<name>/`.
    Plugin,
    /// `wp-content/themes/<name>/`.
    Theme,
    /// `wp-content/mu-plugins/`: the package's files at the top, where
    /// WordPress loads must-use plugins from.
    MuPlugin,
    /// `wp-content/`: drop-ins (`advanced-cache.php`, `db.php`) at the top.
    Dropin,
}

impl Kind {
    /// Every kind, in the order trees are assembled.
    pub const ALL: [Kind; 5] = [
        Kind::Core,
        Kind::Plugin,
        Kind::Theme,
        Kind::MuPlugin,
        Kind::Dropin,
    ];

    /// The manifest table of packages of this kind (`plugins`).
    pub fn table(self) -> &'static str {
        match self {
            Kind::Core => "core",
            Kind::Plugin => "plugins",
            Kind::Theme => "themes",
            Kind::MuPlugin => "mu-plugins",
            Kind::Dropin => "dropins",
        }
    }

    /// The singular name used in the lock and in messages (`plugin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Core => "core",
            Kind::Plugin => "plugin",
            Kind::Theme => "theme",
            Kind::MuPlugin => "mu-plugin",
            Kind::Dropin => "dropin",
        }
    }

    /// The kind named `text` in a lock.
    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Where a package of this kind called `name` goes, relative to the
    /// WordPress tree's root (empty for core).
    pub fn install_dir(self, name: &str) -> String {
        match self {
            Kind::Core => String::new(),
            Kind::Plugin => format!("wp-content/plugins/{name}"),
            Kind::Theme => format!("wp-content/themes/{name}"),
            Kind::MuPlugin => "wp-content/mu-plugins".to_string(),
            Kind::Dropin => "wp-content".to_string(),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a package comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A WordPress.org-shaped directory API at this base URL.
    Directory(String),
    /// A zip archive at this URL (`http://`, `https://` or `file://`).
    Zip(String),
    /// A directory (or zip file) on this machine.
    Path(String),
    /// A git repository and a ref (branch, tag or commit).
    Git {
        /// The repository, as `git clone` takes it.
        url: String,
        /// The branch, tag or commit.
        reference: String,
    },
}

impl Source {
    /// The lock's spelling: `directory+URL`, `zip+URL`, `path+PATH`,
    /// `git+URL#REF`.
    pub fn to_lock_string(&self) -> String {
        match self {
            Source::Directory(url) => format!("directory+{url}"),
            Source::Zip(url) => format!("zip+{url}"),
            Source::Path(path) => format!("path+{path}"),
            Source::Git { url, reference } => format!("git+{url}#{reference}"),
        }
    }

    /// Reads the lock's spelling back.
    pub fn from_lock_string(text: &str) -> Option<Source> {
        let (kind, rest) = text.split_once('+')?;
        if rest.is_empty() {
            return None;
        }
        Some(match kind {
            "directory" => Source::Directory(rest.to_string()),
            "zip" => Source::Zip(rest.to_string()),
            "path" => Source::Path(rest.to_string()),
            "git" => {
                let (url, reference) = rest.rsplit_once('#')?;
                Source::Git {
                    url: url.to_string(),
                    reference: reference.to_string(),
                }
            }
            _ => return None,
        })
    }
}

/// One declared package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its kind.
    pub kind: Kind,
    /// Its name: the directory slug for plugins and themes.
    pub name: String,
    /// Which versions will do.
    pub requirement: Requirement,
    /// Where it comes from.
    pub source: Source,
    /// The manifest line that declares it.
    pub line: usize,
}

/// The code tables of a `slipway.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manifest {
    /// The base URL of directory sources without one of their own.
    pub directory: Option<String>,
    /// WordPress core, when declared; otherwise the runtime's default core.
    pub core: Option<Entry>,
    /// The PHP version the site runs on.
    pub php: Option<String>,
    /// Plugins, themes, must-use plugins and drop-ins, by kind and name.
    pub packages: Vec<Entry>,
}

type Table = BTreeMap<String, Spanned<toml::Value>>;

#[derive(Deserialize)]
struct Raw {
    directory: Option<Spanned<toml::Value>>,
    core: Option<Spanned<toml::Value>>,
    php: Option<Spanned<toml::Value>>,
    plugins: Option<Table>,
    themes: Option<Table>,
    #[serde(rename = "mu-plugins")]
    mu_plugins: Option<Table>,
    dropins: Option<Table>,
}

/// Keys an entry may have.
const ENTRY_KEYS: [&str; 6] = ["version", "directory", "zip", "path", "git", "ref"];

impl Manifest {
    /// Parses `text`, the contents of the manifest `file` (named in errors).
    pub fn parse(file: &str, text: &str) -> Result<Manifest, Error> {
        let raw: Raw = toml::from_str(text).map_err(|e| Error::toml(file, text, &e))?;
        let ctx = Context { file, text };
        let directory = match &raw.directory {
            None => None,
            Some(value) => Some(ctx.url_table(value, "directory")?),
        };
        let default_directory = directory
            .clone()
            .unwrap_or_else(|| DEFAULT_DIRECTORY.to_string());
        let core = match &raw.core {
            None => None,
            Some(value) => {
                // Without a path, zip or git, core comes from the
                // directory's release offers, as packages do.
                Some(ctx.entry(Kind::Core, "core", value, &default_directory)?)
            }
        };
        let php = match &raw.php {
            None => None,
            Some(value) => Some(ctx.php(value)?),
        };
        let mut packages = Vec::new();
        for (kind, table) in [
            (Kind::Plugin, &raw.plugins),
            (Kind::Theme, &raw.themes),
            (Kind::MuPlugin, &raw.mu_plugins),
            (Kind::Dropin, &raw.dropins),
        ] {
            for (name, value) in table.iter().flatten() {
                let key = format!("{}.{name}", kind.table());
                if !valid_name(name) {
                    return Err(ctx.error(
                        value,
                        &key,
                        "a package name is letters, digits, '-', '_' and '.', not starting with '.'",
                    ));
                }
                packages.push(ctx.entry(kind, name, value, &default_directory)?);
            }
        }
        Ok(Manifest {
            directory,
            core,
            php,
            packages,
        })
    }

    /// The directory base URL sources without their own use.
    pub fn directory_url(&self) -> &str {
        self.directory.as_deref().unwrap_or(DEFAULT_DIRECTORY)
    }

    /// Every entry: core first (when declared), then packages.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.core.iter().chain(self.packages.iter())
    }

    /// The entry of `kind` called `name`.
    pub fn entry(&self, kind: Kind, name: &str) -> Option<&Entry> {
        self.entries().find(|e| e.kind == kind && e.name == name)
    }
}

struct Context<'a> {
    file: &'a str,
    text: &'a str,
}

impl Context<'_> {
    fn error(&self, value: &Spanned<toml::Value>, key: &str, message: &str) -> Error {
        Error::at(
            self.file,
            self.text,
            Some(value.span()),
            Some(key.to_string()),
            message,
        )
    }

    fn url_table(&self, value: &Spanned<toml::Value>, key: &str) -> Result<String, Error> {
        let url = value
            .get_ref()
            .as_table()
            .and_then(|t| t.get("url"))
            .and_then(|u| u.as_str());
        match url {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                Ok(url.trim_end_matches('/').to_string())
            }
            _ => Err(self.error(
                value,
                &format!("{key}.url"),
                "expected a table with url = \"http(s)://…\"",
            )),
        }
    }

    fn php(&self, value: &Spanned<toml::Value>) -> Result<String, Error> {
        let version = value
            .get_ref()
            .as_table()
            .and_then(|t| t.get("version"))
            .and_then(|v| v.as_str());
        match version {
            Some(v) if crate::Version::parse(v).is_some() => Ok(v.to_string()),
            _ => Err(self.error(
                value,
                "php.version",
                "expected [php] with version = \"8.2\"",
            )),
        }
    }

    fn entry(
        &self,
        kind: Kind,
        name: &str,
        value: &Spanned<toml::Value>,
        default_directory: &str,
    ) -> Result<Entry, Error> {
        let key = if kind == Kind::Core {
            "core".to_string()
        } else {
            format!("{}.{name}", kind.table())
        };
        let line = crate::line_of(self.text, value.span().start);
        let table = match value.get_ref() {
            // The short form: `akismet = "5.3"`, from the directory.
            toml::Value::String(requirement) => {
                let requirement =
                    Requirement::parse(requirement).map_err(|m| self.error(value, &key, &m))?;
                return Ok(Entry {
                    kind,
                    name: name.to_string(),
                    requirement,
                    source: Source::Directory(default_directory.to_string()),
                    line,
                });
            }
            toml::Value::Table(table) => table,
            _ => return Err(self.error(
                value,
                &key,
                "expected a version requirement (\"5.3\") or a table ({ version = …, zip = … })",
            )),
        };
        for k in table.keys() {
            if !ENTRY_KEYS.contains(&k.as_str()) {
                return Err(self.error(
                    value,
                    &format!("{key}.{k}"),
                    &format!("unknown key; an entry has {}", ENTRY_KEYS.join(", ")),
                ));
            }
        }
        let string = |k: &str| -> Result<Option<String>, Error> {
            match table.get(k) {
                None => Ok(None),
                Some(toml::Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
                Some(_) => {
                    Err(self.error(value, &format!("{key}.{k}"), "expected a non-empty string"))
                }
            }
        };
        let requirement = match string("version")? {
            Some(text) => Requirement::parse(&text)
                .map_err(|m| self.error(value, &format!("{key}.version"), &m))?,
            None => Requirement::any(),
        };
        let given: Vec<&str> = ["directory", "zip", "path", "git"]
            .into_iter()
            .filter(|k| table.contains_key(*k))
            .collect();
        if given.len() > 1 {
            return Err(self.error(
                value,
                &key,
                &format!("give one source, not {}", given.join(" and ")),
            ));
        }
        let reference = string("ref")?;
        if reference.is_some() && given != ["git"] {
            return Err(self.error(
                value,
                &format!("{key}.ref"),
                "`ref` goes with a `git` source",
            ));
        }
        let source = match given.first().copied() {
            None => Source::Directory(default_directory.to_string()),
            Some("directory") => {
                let url = string("directory")?.unwrap_or_default();
                check_url(&url).map_err(|m| self.error(value, &format!("{key}.directory"), m))?;
                Source::Directory(url.trim_end_matches('/').to_string())
            }
            Some("zip") => {
                let url = string("zip")?.unwrap_or_default();
                if !url.starts_with("file://") {
                    check_url(&url).map_err(|m| self.error(value, &format!("{key}.zip"), m))?;
                }
                Source::Zip(url)
            }
            Some("path") => Source::Path(string("path")?.unwrap_or_default()),
            Some(_) => Source::Git {
                url: string("git")?.unwrap_or_default(),
                reference: reference.unwrap_or_else(|| "HEAD".to_string()),
            },
        };
        Ok(Entry {
            kind,
            name: name.to_string(),
            requirement,
            source,
            line,
        })
    }
}

fn check_url(url: &str) -> Result<(), &'static str> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err("expected an http:// or https:// URL")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"
[site]
name = "shop"

[kubernetes]
replicas = 3

[directory]
url = "http://127.0.0.1:9/"

[core]
version = "6.1"
path = "/usr/share/wordpress"

[php]
version = "8.2"

[plugins]
akismet = "5.3"
premium = { version = "2.1.0", zip = "https://vendor.example/premium.zip" }
mine = { path = "../code/mine" }
forked = { git = "https://git.example/forked.git", ref = "v1.2" }

[themes]
twentytwentythree = { version = "^1.0", directory = "https://mirror.example" }
"#;

    #[test]
    fn a_manifest_declares_core_php_and_packages_from_every_source() {
        let m = Manifest::parse("slipway.toml", MANIFEST).unwrap();
        assert_eq!(m.directory_url(), "http://127.0.0.1:9");
        let core = m.core.as_ref().unwrap();
        assert_eq!(core.source, Source::Path("/usr/share/wordpress".into()));
        assert_eq!(core.requirement.as_str(), "6.1");
        assert_eq!(m.php.as_deref(), Some("8.2"));
        let akismet = m.entry(Kind::Plugin, "akismet").unwrap();
        assert_eq!(
            akismet.source,
            Source::Directory("http://127.0.0.1:9".into())
        );
        assert_eq!(akismet.line, 19);
        assert_eq!(
            m.entry(Kind::Plugin, "forked").unwrap().source,
            Source::Git {
                url: "https://git.example/forked.git".into(),
                reference: "v1.2".into()
            }
        );
        assert_eq!(
            m.entry(Kind::Theme, "twentytwentythree").unwrap().source,
            Source::Directory("https://mirror.example".into())
        );
        assert_eq!(m.packages.len(), 5);
    }

    #[test]
    fn errors_name_the_file_line_and_key() {
        let bad = "[plugins]\nakismet = \"5.3\"\nbroken = { version = \"five\" }\n";
        let err = Manifest::parse("sites/shop/slipway.toml", bad).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(err.key.as_deref(), Some("plugins.broken.version"));
        assert!(
            err.to_string()
                .starts_with("sites/shop/slipway.toml:3: plugins.broken.version: "),
            "{err}"
        );
        let two = "[plugins]\nx = { zip = \"http://a/x.zip\", path = \"/x\" }\n";
        let err = Manifest::parse("m.toml", two).unwrap_err().to_string();
        assert!(
            err.contains("m.toml:2: plugins.x: give one source"),
            "{err}"
        );
        let typo = "[themes]\nt = { verison = \"1\" }\n";
        let err = Manifest::parse("m.toml", typo).unwrap_err().to_string();
        assert!(err.contains("themes.t.verison: unknown key"), "{err}");
        let syntax = "[plugins]\nx = \n";
        let err = Manifest::parse("m.toml", syntax).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        let core = "[directory]\nurl = \"https://mirror.example/api\"\n[core]\nversion = \"6.1\"\n";
        let core = Manifest::parse("m.toml", core).unwrap().core.unwrap();
        assert_eq!(
            core.source,
            Source::Directory("https://mirror.example/api".into()),
            "core without a path, zip or git comes from the directory"
        );
    }
}
