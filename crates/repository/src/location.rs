//! Where a repository is, written as restic writes it, so the same string
//! works with stock `restic -r`: a directory, or
//! `s3:[http://|https://]host[:port]/bucket[/prefix]` (no scheme means
//! https, as in restic).

use std::fmt;
use std::path::PathBuf;

/// A repository's location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A directory on this machine.
    Local(PathBuf),
    /// A bucket of an S3-compatible object store.
    S3(S3Location),
}

/// A bucket (and a prefix in it) of an S3-compatible object store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    /// `http://host:port` or `https://host[:port]`, without a path.
    pub endpoint: String,
    /// The bucket's name.
    pub bucket: String,
    /// The folder inside the bucket, without leading or trailing slashes;
    /// empty for the bucket's root.
    pub prefix: String,
}

/// Why a location string is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("repository location {location:?}: {reason}")]
pub struct LocationError {
    /// The string given.
    pub location: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl Location {
    /// Parses a location: `s3:` followed by restic's S3 syntax, or a path.
    /// Other restic backends (`sftp:`, `rest:`, `b2:`, …) are refused by name
    /// rather than taken for a relative directory.
    pub fn parse(text: &str) -> Result<Location, LocationError> {
        let error = |reason| LocationError {
            location: text.to_string(),
            reason,
        };
        if text.is_empty() {
            return Err(error("it is empty"));
        }
        let Some(rest) = text.strip_prefix("s3:") else {
            let scheme = text.split_once(':').map(|(scheme, _)| scheme);
            if let Some(scheme) = scheme {
                if [
                    "sftp", "rest", "b2", "azure", "gs", "swift", "rclone", "opendal",
                ]
                .contains(&scheme)
                {
                    return Err(error(
                        "only directories and s3: locations are supported; copy the versions there with `restic copy`",
                    ));
                }
            }
            return Ok(Location::Local(PathBuf::from(text)));
        };
        let (scheme, rest) = if let Some(rest) = rest.strip_prefix("https://") {
            ("https", rest)
        } else if let Some(rest) = rest.strip_prefix("http://") {
            ("http", rest)
        } else if rest.contains("://") {
            return Err(error("the endpoint's scheme must be http:// or https://"));
        } else {
            ("https", rest)
        };
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() {
            return Err(error("it names no host"));
        }
        if !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]_".contains(&b))
        {
            return Err(error("the host holds characters a host name cannot"));
        }
        let path = path.trim_matches('/');
        let (bucket, prefix) = path.split_once('/').unwrap_or((path, ""));
        if bucket.is_empty() {
            return Err(error("it names no bucket (s3:host/bucket)"));
        }
        if !bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b))
        {
            return Err(error(
                "a bucket name is lower-case letters, digits, '-', '.' and '_'",
            ));
        }
        let prefix = prefix.trim_matches('/');
        if !prefix.is_empty()
            && prefix
                .split('/')
                .any(|part| part.is_empty() || part == "." || part == "..")
        {
            return Err(error("the prefix has an empty, '.' or '..' part"));
        }
        Ok(Location::S3(S3Location {
            endpoint: format!("{scheme}://{host}"),
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
        }))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Local(path) => write!(f, "{}", path.display()),
            Location::S3(s3) => write!(f, "{s3}"),
        }
    }
}

impl fmt::Display for S3Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s3:{}/{}", self.endpoint, self.bucket)?;
        if !self.prefix.is_empty() {
            write!(f, "/{}", self.prefix)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s3(endpoint: &str, bucket: &str, prefix: &str) -> Location {
        Location::S3(S3Location {
            endpoint: endpoint.into(),
            bucket: bucket.into(),
            prefix: prefix.into(),
        })
    }

    #[test]
    fn restic_forms_parse() {
        assert_eq!(
            Location::parse("s3:http://127.0.0.1:3900/versions").unwrap(),
            s3("http://127.0.0.1:3900", "versions", "")
        );
        assert_eq!(
            Location::parse("s3:s3.amazonaws.com/backups/slipway/eu/").unwrap(),
            s3("https://s3.amazonaws.com", "backups", "slipway/eu")
        );
        assert_eq!(
            Location::parse("/var/lib/slipway/repository").unwrap(),
            Location::Local("/var/lib/slipway/repository".into())
        );
        assert_eq!(
            Location::parse("relative/dir").unwrap(),
            Location::Local("relative/dir".into())
        );
    }

    #[test]
    fn bad_locations_say_why() {
        for (text, reason) in [
            ("", "empty"),
            ("s3:http://host:3900", "no bucket"),
            ("s3:http:///bucket", "no host"),
            ("s3:ftp://host/bucket", "scheme"),
            ("s3:host/Bucket", "bucket name"),
            ("s3:host/bucket/a//b", "prefix"),
            ("s3:host/bucket/../x", "prefix"),
            ("s3:ho st/bucket", "host"),
            ("sftp:user@host:/srv/restic", "s3:"),
        ] {
            let error = Location::parse(text).unwrap_err();
            assert!(
                error.to_string().contains(reason),
                "{text:?}: {error} should say {reason:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn written_locations_parse_back(
            tls in proptest::bool::ANY,
            host in "[a-z0-9][a-z0-9.-]{0,20}(:[0-9]{1,5})?",
            bucket in "[a-z0-9][a-z0-9.-]{0,20}",
            prefix in proptest::collection::vec("[a-zA-Z0-9_-]{1,8}", 0..4),
        ) {
            let location = Location::S3(S3Location {
                endpoint: format!("{}://{host}", if tls { "https" } else { "http" }),
                bucket,
                prefix: prefix.join("/"),
            });
            proptest::prop_assert_eq!(Location::parse(&location.to_string()).unwrap(), location);
        }

        #[test]
        fn any_string_parses_or_says_why_and_parses_back(text in "(s3:)?(https?://)?[ -~]{0,40}") {
            if let Ok(location) = Location::parse(&text) {
                proptest::prop_assert_eq!(Location::parse(&location.to_string()).unwrap(), location);
            }
        }
    }
}
