//! The mail a fenced environment on Kubernetes tried to send. Its pods have
//! no disk to keep messages on, so the trap (`MAIL_TRAP_PHP` in log-only
//! mode) writes one line per message to PHP's log, `slipway mail trap:
//! {JSON}`, and sends nothing; [`trapped_mail`] reads those lines back
//! from the environment's pods.

use k8s_openapi::api::core::v1::Pod;
use kube::api::{ListParams, LogParams};
use kube::{Api, Client};
use serde::{Deserialize, Serialize};

use crate::{Error, Rendered, Result};

/// What starts the trap's line for each message it caught.
pub const TRAP_LINE: &str = "slipway mail trap: ";

/// The container whose log holds the trap's lines: PHP runs there in web,
/// wp-cron and Job pods alike.
const PHP_CONTAINER: &str = "php";

/// One message the trap caught, as its log line tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedMail {
    /// The message's name in the trap, which orders messages by the time
    /// they were caught.
    pub id: String,
    /// When it was caught, RFC 3339 in UTC.
    pub time: String,
    /// The `From` header, decoded.
    pub from: String,
    /// The recipients (`To`, `Cc` and `Bcc`), decoded.
    #[serde(default)]
    pub to: Vec<String>,
    /// The `Subject` header, decoded.
    #[serde(default)]
    pub subject: String,
    /// The size of the whole message, which the log does not keep.
    #[serde(default)]
    pub bytes: u64,
    /// The pod whose PHP tried to send it.
    #[serde(default)]
    pub pod: String,
}

/// The messages a log names, in the order it names them. A line is the
/// trap's only if the marker is followed by one whole JSON object with
/// the fields every trapped message has; anything else (a line cut short
/// by the log's size limit, a page that prints the marker) is not mail.
pub fn trapped_in_log(log: &str, pod: &str) -> Vec<LoggedMail> {
    log.lines()
        .filter_map(|line| {
            let at = line.find(TRAP_LINE)?;
            let json = line[at + TRAP_LINE.len()..].trim_end_matches(['"', ' ', '\r']);
            let mut mail: LoggedMail = serde_json::from_str(json).ok()?;
            mail.pod = pod.to_string();
            Some(mail)
        })
        .collect()
}

/// Every message the trap caught in the PHP containers of the rendered
/// environment's pods, oldest first, each once. Only what the pods' logs
/// still hold is found: a restarted container's earlier log, and a removed
/// pod's, are gone.
pub async fn trapped_mail(client: &Client, rendered: &Rendered) -> Result<Vec<LoggedMail>> {
    let pods: Api<Pod> = Api::namespaced(client.clone(), &rendered.namespace);
    let listed = pods
        .list(&ListParams::default().labels(&rendered.label_selector()))
        .await
        .map_err(|e| Error::cluster(format!("listing the pods of {}", rendered.namespace), e))?;
    let mut mail = Vec::new();
    for pod in listed.items {
        let Some(name) = pod.metadata.name else {
            continue;
        };
        // A PHP container that has not started (its pod pending, or
        // waiting for its derive) has no log yet: nothing was trapped there.
        let php_started = pod.status.as_ref().is_some_and(|status| {
            status.container_statuses.iter().flatten().any(|c| {
                c.name == PHP_CONTAINER
                    && c.state
                        .as_ref()
                        .is_some_and(|s| s.running.is_some() || s.terminated.is_some())
            })
        });
        if !php_started {
            continue;
        }
        let params = LogParams {
            container: Some(PHP_CONTAINER.into()),
            ..LogParams::default()
        };
        let log = pods
            .logs(&name, &params)
            .await
            .map_err(|e| Error::cluster(format!("reading the log of pod {name}"), e))?;
        mail.extend(trapped_in_log(&log, &name));
    }
    mail.sort_by(|a, b| (&a.id, &a.pod).cmp(&(&b.id, &b.pod)));
    mail.dedup_by(|a, b| a.id == b.id);
    Ok(mail)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_trapped_message_is_read_back_from_its_line_among_any_others(
            subject in "\\PC{0,80}",
            to in proptest::collection::vec("[a-z]{1,8}@[a-z]{1,8}\\.test", 0..4),
            before in "[^\n]{0,40}",
            noise in "[^\n]{0,60}",
        ) {
            let mail = LoggedMail {
                id: "20261202T100501Z-3f2a9c".into(),
                time: "2026-12-02T10:05:01Z".into(),
                from: "WordPress <wordpress@staging.shop.example>".into(),
                to,
                subject,
                bytes: 42,
                pod: "p".into(),
            };
            let line = format!("{before}{TRAP_LINE}{}", serde_json::to_string(&mail).unwrap());
            let log = format!("{noise}\n{line}\n{noise}\n");
            let found = trapped_in_log(&log, "p");
            proptest::prop_assert!(found.contains(&mail), "{found:?} lacks {mail:?}");
        }
    }

    #[test]
    fn only_whole_trap_lines_are_mail() {
        let log = concat!(
            "[02-Dec-2026 10:00:00] NOTICE: ready to handle connections\n",
            "slipway mail trap: {\"id\":\"20261202T100501Z-3f2a9c\",\"time\":\"2026-12-02T10:05:01Z\",\"from\":\"WordPress <wordpress@staging.shop.example>\",\"to\":[\"anna@example.test\"],\"subject\":\"[Shop] Password Reset\",\"sender\":null,\"bytes\":1234}\n",
            "WARNING: [pool www] child 7 said into stderr: \"slipway mail trap: {\"id\":\"20261202T100502Z-aa01bb\",\"time\":\"2026-12-02T10:05:02Z\",\"from\":\"shop@example.test\",\"to\":[],\"subject\":\"Order\",\"sender\":\"shop@example.test\",\"bytes\":9}\"\n",
            "slipway mail trap: {\"id\":\"20261202T100503Z-cut\",\"time\":\"2026-12-02T10:0\n",
            "10.0.0.1 - GET /?q=slipway+mail+trap: 200\n",
        );
        let mail = trapped_in_log(log, "shop-staging-main-7d9f-x2x");
        let ids: Vec<&str> = mail.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["20261202T100501Z-3f2a9c", "20261202T100502Z-aa01bb"]);
        assert_eq!(mail[0].to, ["anna@example.test"]);
        assert_eq!(mail[0].subject, "[Shop] Password Reset");
        assert_eq!(mail[0].bytes, 1234);
        assert_eq!(mail[1].pod, "shop-staging-main-7d9f-x2x");
    }
}
