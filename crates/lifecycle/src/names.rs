//! Names of sites and environments. They become host names
//! (`<env>.<site>.localhost`), database names and file names, so only
//! lower-case letters, digits and inner hyphens are allowed, and lengths
//! keep the derived database names under MariaDB's 64 characters.

use crate::error::{Error, Result};

/// The longest site name.
pub const MAX_SITE: usize = 24;
/// The longest environment name.
pub const MAX_ENVIRONMENT: usize = 24;

/// Checks a site name.
pub fn check_site(name: &str) -> Result<()> {
    check("site", name, MAX_SITE)
}

/// Checks an environment name.
pub fn check_environment(name: &str) -> Result<()> {
    check("environment", name, MAX_ENVIRONMENT)
}

fn check(what: &str, name: &str, max: usize) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= max
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "{what} name {name:?} must be 1-{max} lower-case letters, digits and single inner hyphens, starting with a letter"
        )))
    }
}

/// A `site` or `site/environment` target; the environment defaults to
/// `production`.
pub fn parse_target(target: &str) -> Result<(String, String)> {
    let (site, env) = match target.split_once('/') {
        Some((site, env)) => (site, env),
        None => (target, "production"),
    };
    check_site(site)?;
    check_environment(env)?;
    Ok((site.to_string(), env.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_names_pass_and_others_are_refused() {
        for good in ["shop", "a", "shop-2", "x1-y2"] {
            assert!(check_site(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "Shop",
            "2shop",
            "shop-",
            "sh--op",
            "sh_op",
            "sh.op",
            "ünï",
            &"a".repeat(25),
        ] {
            assert!(check_site(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_target("shop").unwrap(),
            ("shop".into(), "production".into())
        );
        assert_eq!(
            parse_target("shop/staging").unwrap(),
            ("shop".into(), "staging".into())
        );
        assert!(parse_target("shop/").is_err());
    }

    proptest! {
        #[test]
        fn accepted_names_are_safe_host_and_database_labels(name in "\\PC{0,30}") {
            if check_site(&name).is_ok() {
                prop_assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
                prop_assert!(name.len() <= MAX_SITE);
            }
        }
    }
}
