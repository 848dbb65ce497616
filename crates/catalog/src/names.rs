//! Which names the catalog accepts.
//!
//! Site and environment names end up in directory names, MariaDB database
//! and account names and host-like ids (`shop-staging-7`), so they are held
//! to what is safe in all of them: lowercase ASCII letters, digits and
//! inner hyphens. The length limits keep `{site}_{env}_{seq}` within
//! MariaDB's 64 characters for any sequence number of up to ten digits.

use crate::error::CatalogError;

/// Longest site name.
pub(crate) const MAX_SITE_NAME: usize = 32;
/// Longest environment name.
pub(crate) const MAX_ENVIRONMENT_NAME: usize = 20;

pub(crate) fn check_site_name(name: &str) -> Result<(), CatalogError> {
    check_name(
        "site",
        name,
        MAX_SITE_NAME,
        "it is longer than 32 characters",
    )
}

pub(crate) fn check_environment_name(name: &str) -> Result<(), CatalogError> {
    check_name(
        "environment",
        name,
        MAX_ENVIRONMENT_NAME,
        "it is longer than 20 characters",
    )
}

fn check_name(
    what: &'static str,
    name: &str,
    max: usize,
    too_long: &'static str,
) -> Result<(), CatalogError> {
    let refuse = |reason| {
        Err(CatalogError::InvalidName {
            what,
            name: name.to_owned(),
            reason,
        })
    };
    let bytes = name.as_bytes();
    let Some(&first) = bytes.first() else {
        return refuse("it is empty");
    };
    if name.len() > max {
        return refuse(too_long);
    }
    if !bytes
        .iter()
        .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return refuse("use lowercase ASCII letters, digits and hyphens");
    }
    if !first.is_ascii_lowercase() {
        return refuse("it must start with a letter");
    }
    if bytes.last() == Some(&b'-') {
        return refuse("it must not end with a hyphen");
    }
    Ok(())
}

/// WordPress' own rule for `$table_prefix`, which also keeps the prefix
/// safe to splice into SQL identifiers.
pub(crate) fn check_table_prefix(site: &str, prefix: &str) -> Result<(), CatalogError> {
    let valid = !prefix.is_empty()
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(CatalogError::InvalidTablePrefix {
            site: site.to_owned(),
            prefix: prefix.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_names() {
        for name in ["shop", "a", "dev-alice", "site2", "x-1-y"] {
            assert!(check_site_name(name).is_ok(), "{name}");
            assert!(check_environment_name(name).is_ok(), "{name}");
        }
        assert!(check_site_name(&"a".repeat(MAX_SITE_NAME)).is_ok());
    }

    #[test]
    fn refuses_unsafe_names() {
        for name in [
            "",
            "Shop",
            "shop.example",
            "../etc",
            "a/b",
            "-a",
            "a-",
            "1site",
            "a b",
            "a_b",
            "é",
        ] {
            assert!(check_site_name(name).is_err(), "{name:?}");
        }
        let long = check_site_name(&"a".repeat(MAX_SITE_NAME + 1));
        assert!(long.is_err_and(|e| e.to_string().contains("32 characters")));
        let long = check_environment_name(&"a".repeat(MAX_ENVIRONMENT_NAME + 1));
        assert!(long.is_err_and(|e| e.to_string().contains("20 characters")));
    }

    #[test]
    fn table_prefixes() {
        assert!(check_table_prefix("shop", "wp_").is_ok());
        assert!(check_table_prefix("shop", "Shop2_").is_ok());
        for prefix in ["", "wp-", "wp`", "wp_;"] {
            assert!(check_table_prefix("shop", prefix).is_err(), "{prefix:?}");
        }
    }
}
