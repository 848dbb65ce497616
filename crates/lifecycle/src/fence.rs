//! The database-level fence: what a loaded copy of a site must not keep from
//! production. The runtime's fence (mail trap, outgoing HTTP, robots) guards
//! the running instance; this changes the copy's own settings so the guards
//! are not the only thing between staging and a real customer: search
//! engines off on every site of a network, payment gateways in test mode or
//! off, webhooks paused, WooCommerce Subscriptions in staging mode, pending
//! outgoing actions cancelled.

use std::io::Write;

use serde::{Deserialize, Serialize};
use slipway_runtime::{
    BasicAuth, EnvironmentType, GatewayTestMode, PhpIo, PhpRun, RouteFence, Runtime,
    OFFLINE_GATEWAYS, OUTGOING_HOOKS,
};

use crate::error::{Error, Result};
use crate::secrets::Secrets;

/// The fence's script, run with WordPress loaded.
const FENCE_SCRIPT: &str = slipway_runtime::DATABASE_FENCE_PHP;

/// The user name of a protected environment's basic auth.
pub const BASIC_AUTH_USER: &str = "slipway";

/// What one change of [`apply_fence`] was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FenceChangeKind {
    /// `blog_public` set to 0.
    SearchEnginesBlocked,
    /// A payment gateway switched to its test (sandbox) mode.
    GatewayTestMode,
    /// A payment gateway with no known test mode switched off.
    GatewayDisabled,
    /// A WooCommerce webhook paused.
    WebhookPaused,
    /// WooCommerce Subscriptions' site lock moved off this copy, so it runs
    /// in staging mode and charges no renewal.
    SubscriptionsStaging,
    /// Pending Action Scheduler actions of one hook cancelled.
    ActionsCancelled,
}

impl FenceChangeKind {
    /// What the change did, in words.
    pub fn describe(self) -> &'static str {
        match self {
            FenceChangeKind::SearchEnginesBlocked => "search engines blocked",
            FenceChangeKind::GatewayTestMode => "payment gateway in test mode",
            FenceChangeKind::GatewayDisabled => "payment gateway switched off",
            FenceChangeKind::WebhookPaused => "webhook paused",
            FenceChangeKind::SubscriptionsStaging => "subscriptions in staging mode",
            FenceChangeKind::ActionsCancelled => "pending actions cancelled",
        }
    }
}

/// One thing [`apply_fence`] changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FenceChange {
    /// The site (of a network: the subsite) it changed, by address.
    pub site: String,
    /// What kind of change.
    pub kind: FenceChangeKind,
    /// What it changed: the gateway, webhook, option or hook (with a count).
    pub item: String,
}

impl std::fmt::Display for FenceChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.site, self.kind.describe(), self.item)
    }
}

/// What [`apply_fence`] changed; empty when the copy was fenced already.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FenceReport {
    /// The instance fenced.
    pub instance: String,
    /// Each change, site by site.
    pub changes: Vec<FenceChange>,
}

impl FenceReport {
    /// The changes of one kind.
    pub fn of_kind(&self, kind: FenceChangeKind) -> impl Iterator<Item = &FenceChange> {
        self.changes.iter().filter(move |c| c.kind == kind)
    }
}

/// Fences the database of a non-production instance once it is loaded:
/// `blog_public` 0 on every site; the gateways of
/// [`GATEWAY_TEST_MODES`](slipway_runtime::GATEWAY_TEST_MODES)
/// (Stripe, PayPal Standard, Express and Payments, WooPayments, Square,
/// Braintree, Authorize.Net) in test mode, every other gateway but
/// [`OFFLINE_GATEWAYS`] off; WooCommerce webhooks paused (legacy post-based ones too);
/// WooCommerce Subscriptions in staging mode; pending renewal, webhook and
/// [`OUTGOING_HOOKS`] actions cancelled. Idempotent. An instance whose
/// `WP_ENVIRONMENT_TYPE` is production is refused.
pub fn apply_fence(runtime: &impl Runtime, instance: &str) -> Result<FenceReport> {
    let mut script = tempfile::Builder::new()
        .prefix("slipway-fence-")
        .suffix(".php")
        .tempfile()
        .map_err(|e| Error::io("creating the fence script", e))?;
    script
        .write_all(FENCE_SCRIPT.as_bytes())
        .and_then(|()| script.flush())
        .map_err(|e| Error::io("writing the fence script", e))?;
    let args = [
        OUTGOING_HOOKS.join(","),
        GatewayTestMode::encode_all(),
        OFFLINE_GATEWAYS.join(","),
    ];
    let out = runtime.run_php(
        instance,
        &PhpRun {
            script: script.path(),
            args: &args,
            load_wordpress: true,
            url: None,
            input: None,
            io: PhpIo::Capture,
        },
    )?;
    if !out.success() {
        return Err(Error::Invalid(format!(
            "fencing the database of instance {instance} failed: {}{}",
            String::from_utf8_lossy(&out.stderr).trim(),
            String::from_utf8_lossy(&out.stdout).trim()
        )));
    }
    let changes = parse_changes(&String::from_utf8_lossy(&out.stdout)).map_err(|e| {
        Error::Invalid(format!(
            "the fence of instance {instance} reported nonsense: {e}"
        ))
    })?;
    Ok(FenceReport {
        instance: instance.to_string(),
        changes,
    })
}

/// The credentials of a protected environment (`--protect`): read from the
/// site's secrets, or generated with a CSPRNG and kept there (mode 0600) at
/// first use, so re-routing keeps them.
pub fn basic_auth_for(secrets: &Secrets, site: &str, environment: &str) -> Result<BasicAuth> {
    let name = format!("{environment}-basic-auth");
    let password = if secrets.path(site, &name).exists() {
        secrets.read(site, &name)?
    } else {
        let password = Secrets::generate();
        secrets.store(site, &name, &password)?;
        password
    };
    Ok(BasicAuth {
        user: BASIC_AUTH_USER.to_string(),
        password,
    })
}

/// The route fence of `site`/`environment`: none for production; for any
/// other environment the noindex header and, with `protect`, basic auth
/// with the environment's credentials ([`basic_auth_for`]). Protecting
/// production is refused: production is never fenced.
pub fn route_fence_for(
    secrets: &Secrets,
    site: &str,
    environment: &str,
    protect: bool,
) -> Result<Option<RouteFence>> {
    let kind = EnvironmentType::of(environment);
    if protect && kind == EnvironmentType::Production {
        return Err(Error::Invalid(format!(
            "{site}/{environment} is production, which is never fenced; only other environments can be protected"
        )));
    }
    let auth = if protect {
        Some(basic_auth_for(secrets, site, environment)?)
    } else {
        None
    };
    Ok(RouteFence::for_environment(kind, auth))
}

/// The script's output: one JSON change per line; PHP notices that reach
/// standard output are not changes and are an error.
fn parse_changes(out: &str) -> std::result::Result<Vec<FenceChange>, String> {
    out.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}: {line:?}", n + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_read_line_by_line() {
        let out = "{\"site\":\"http://a\",\"kind\":\"gateway_test_mode\",\"item\":\"stripe\"}\n\n\
                   {\"site\":\"http://a\",\"kind\":\"webhook_paused\",\"item\":\"#1 Orders\"}\n";
        let changes = parse_changes(out).unwrap();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[1].kind, FenceChangeKind::WebhookPaused);
        assert_eq!(
            changes[0].to_string(),
            "http://a: payment gateway in test mode: stripe"
        );
        assert!(parse_changes("").unwrap().is_empty());
        let err = parse_changes("Notice: something\n").unwrap_err();
        assert!(err.starts_with("line 1:"), "{err}");
    }

    #[test]
    fn protected_environments_keep_their_credentials() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Secrets::new(dir.path().to_path_buf());
        let first = basic_auth_for(&secrets, "shop", "staging").unwrap();
        assert_eq!(first.user, BASIC_AUTH_USER);
        assert!(first.password.len() >= 20);
        assert_eq!(basic_auth_for(&secrets, "shop", "staging").unwrap(), first);
        assert_ne!(basic_auth_for(&secrets, "shop", "dev").unwrap(), first);
    }

    #[test]
    fn only_non_production_routes_are_fenced_or_protected() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = Secrets::new(dir.path().to_path_buf());
        assert_eq!(
            route_fence_for(&secrets, "shop", "production", false).unwrap(),
            None
        );
        let err = route_fence_for(&secrets, "shop", "production", true).unwrap_err();
        assert!(err.to_string().contains("never fenced"), "{err}");
        let open = route_fence_for(&secrets, "shop", "staging", false).unwrap();
        assert_eq!(open, Some(RouteFence { basic_auth: None }));
        let protected = route_fence_for(&secrets, "shop", "staging", true)
            .unwrap()
            .and_then(|f| f.basic_auth)
            .unwrap();
        assert_eq!(
            protected,
            basic_auth_for(&secrets, "shop", "staging").unwrap()
        );
    }
}
