//! The database through mariadb-operator: per instance a Database, User,
//! Grant and Connection, on a shared MariaDB or on the site's own
//! replicated one; backups to the object store, and for a dedicated server
//! physical backups with point-in-time recovery.

use k8s_openapi::api::core::v1::{Capabilities, SecurityContext};
use k8s_openapi::api::networking::v1::{
    IPBlock, NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use super::tenant::{port, PRIORITY_CLASS};
use super::{
    match_labels, meta, resources, site_labels, url_port, ENV_LABEL, ROLE_LABEL, SITE_LABEL,
};
use crate::crd::{
    BackupSpec, BackupStorage, ConnectionSpec, DatabaseSpec, GrantSpec, HealthCheck, KeyRef,
    MariaDbRef, MariaDbSpec, MariaDbStorage, NameRef, PhysicalBackupSpec, PodMetadata,
    PointInTimeRecoverySpec, Replication, ReplicationPrimary, S3Storage, S3Tls, Schedule,
    SecretKeyRef, SecretTemplate, UserSpec,
};
use crate::object::{custom, Object};
use crate::site::{Database, Resources, SiteEnv};

/// The Secret mariadb-operator writes an instance's connection details to.
pub(crate) fn connection_secret(site: &SiteEnv, instance: &str) -> String {
    format!("{}-{instance}-db", site.base())
}

/// The dedicated MariaDB's name.
fn dedicated_name(site: &SiteEnv) -> String {
    format!("{}-db", site.base())
}

/// The database and user name of an instance inside MariaDB (underscores:
/// hyphens would need quoting in every SQL statement).
fn sql_name(site: &SiteEnv, instance: &str) -> String {
    format!("{}_{}_{instance}", site.site, site.env).replace('-', "_")
}

/// Labels mariadb-operator puts on a MariaDB's pods.
fn mariadb_pods(name: &str) -> LabelSelector {
    match_labels(&[
        ("app.kubernetes.io/name", "mariadb"),
        ("app.kubernetes.io/instance", name),
    ])
}

/// The network peer of the site's database server.
pub(crate) fn database_peer(site: &SiteEnv) -> NetworkPolicyPeer {
    match &site.database {
        Database::Shared { mariadb, namespace } => NetworkPolicyPeer {
            namespace_selector: Some(match_labels(&[("kubernetes.io/metadata.name", namespace)])),
            pod_selector: Some(mariadb_pods(mariadb)),
            ..NetworkPolicyPeer::default()
        },
        Database::Dedicated { .. } => NetworkPolicyPeer {
            pod_selector: Some(mariadb_pods(&dedicated_name(site))),
            ..NetworkPolicyPeer::default()
        },
    }
}

fn server_ref(site: &SiteEnv) -> MariaDbRef {
    match &site.database {
        Database::Shared { mariadb, namespace } => MariaDbRef {
            name: mariadb.clone(),
            namespace: Some(namespace.clone()),
            wait_for_it: true,
        },
        Database::Dedicated { .. } => MariaDbRef {
            name: dedicated_name(site),
            namespace: None,
            wait_for_it: true,
        },
    }
}

/// The security context the schemas of MariaDB and its backups accept
/// (seccomp is set at pod level by the operator's defaults).
fn operator_security() -> SecurityContext {
    SecurityContext {
        allow_privilege_escalation: Some(false),
        privileged: Some(false),
        run_as_non_root: Some(true),
        capabilities: Some(Capabilities {
            drop: Some(vec!["ALL".into()]),
            ..Capabilities::default()
        }),
        ..SecurityContext::default()
    }
}

pub(super) fn render(site: &SiteEnv, out: &mut Vec<Object>) {
    let labels = site_labels(site, "database");
    let server = server_ref(site);
    for instance in &site.instances {
        let name = format!("{}-{instance}", site.base());
        let sql = sql_name(site, instance);
        let password = KeyRef {
            name: site.database_secret.clone(),
            key: "password".into(),
        };
        out.push(Object::Database(custom(
            meta(site, &name, labels.clone()),
            DatabaseSpec {
                maria_db_ref: server.clone(),
                name: sql.clone(),
                character_set: "utf8mb4".into(),
                collate: "utf8mb4_unicode_ci".into(),
                // Content is never dropped by removing a manifest entry; a
                // version of it is restored, or it is removed on purpose.
                cleanup_policy: "Skip".into(),
            },
        )));
        out.push(Object::User(custom(
            meta(site, &name, labels.clone()),
            UserSpec {
                maria_db_ref: server.clone(),
                name: sql.clone(),
                password_secret_key_ref: password.clone(),
                host: "%".into(),
                max_user_connections: 100,
                cleanup_policy: "Delete".into(),
            },
        )));
        out.push(Object::Grant(custom(
            meta(site, &name, labels.clone()),
            GrantSpec {
                maria_db_ref: server.clone(),
                privileges: [
                    "SELECT",
                    "INSERT",
                    "UPDATE",
                    "DELETE",
                    "CREATE",
                    "DROP",
                    "ALTER",
                    "INDEX",
                    "CREATE TEMPORARY TABLES",
                    "LOCK TABLES",
                    "REFERENCES",
                    // A site's views, triggers, routines and events travel
                    // with its versions and load as its own account.
                    "CREATE VIEW",
                    "SHOW VIEW",
                    "TRIGGER",
                    "CREATE ROUTINE",
                    "ALTER ROUTINE",
                    "EXECUTE",
                    "EVENT",
                ]
                .map(String::from)
                .to_vec(),
                database: sql.clone(),
                table: "*".into(),
                username: sql.clone(),
                host: "%".into(),
                cleanup_policy: "Delete".into(),
            },
        )));
        out.push(Object::Connection(custom(
            meta(site, &name, labels.clone()),
            ConnectionSpec {
                maria_db_ref: server.clone(),
                username: sql.clone(),
                password_secret_key_ref: password,
                database: sql,
                secret_name: connection_secret(site, instance),
                secret_template: SecretTemplate {
                    key: "dsn".into(),
                    host_key: "host".into(),
                    port_key: "port".into(),
                    username_key: "username".into(),
                    password_key: "password".into(),
                    database_key: "database".into(),
                },
                health_check: HealthCheck {
                    interval: "30s".into(),
                },
            },
        )));
    }
    if let Database::Dedicated {
        replicas,
        storage,
        storage_class,
    } = &site.database
    {
        dedicated(site, *replicas, storage, storage_class.clone(), out);
    }
    backups(site, &server, out);
}

const DB_RESOURCES: [&str; 4] = ["500m", "1Gi", "2", "2Gi"];
const JOB_RESOURCES: [&str; 4] = ["100m", "256Mi", "1", "1Gi"];

fn fixed_resources(r: [&str; 4]) -> Resources {
    Resources {
        cpu: r[0].into(),
        memory: r[1].into(),
        cpu_limit: r[2].into(),
        memory_limit: r[3].into(),
    }
}

fn dedicated(
    site: &SiteEnv,
    replicas: u32,
    storage: &str,
    storage_class: Option<String>,
    out: &mut Vec<Object>,
) {
    let name = dedicated_name(site);
    let mut labels = site_labels(site, "database");
    labels.insert(ROLE_LABEL.into(), "database".into());
    out.push(Object::MariaDb(custom(
        meta(site, &name, labels.clone()),
        MariaDbSpec {
            root_password_secret_key_ref: SecretKeyRef {
                name: format!("{name}-root"),
                key: "password".into(),
                generate: Some(true),
            },
            replicas,
            replication: (replicas > 1).then_some(Replication {
                enabled: true,
                primary: ReplicationPrimary {
                    auto_failover: true,
                },
                semi_sync_enabled: true,
            }),
            storage: MariaDbStorage {
                size: storage.into(),
                storage_class_name: storage_class,
            },
            point_in_time_recovery_ref: site
                .backup
                .as_ref()
                .map(|_| NameRef { name: name.clone() }),
            my_cnf: MY_CNF.into(),
            resources: resources(&fixed_resources(DB_RESOURCES)),
            security_context: operator_security(),
            priority_class_name: PRIORITY_CLASS.into(),
        },
    )));
    let db_pods = mariadb_pods(&name);
    let app_pods = match_labels(&[
        (SITE_LABEL, &site.site),
        (ENV_LABEL, &site.env),
        (ROLE_LABEL, "app"),
    ]);
    let peer = |pods: LabelSelector| NetworkPolicyPeer {
        pod_selector: Some(pods),
        ..NetworkPolicyPeer::default()
    };
    let operator = NetworkPolicyPeer {
        namespace_selector: Some(match_labels(&[(
            "kubernetes.io/metadata.name",
            "mariadb-operator",
        )])),
        ..NetworkPolicyPeer::default()
    };
    let mut egress = vec![NetworkPolicyEgressRule {
        to: Some(vec![peer(db_pods.clone())]),
        ports: None,
    }];
    if let Some(s3) = &site.s3 {
        egress.push(NetworkPolicyEgressRule {
            to: Some(vec![anywhere()]),
            ports: Some(vec![port("TCP", url_port(&s3.endpoint))]),
        });
    }
    out.push(Object::NetworkPolicy(NetworkPolicy {
        metadata: meta(site, &name, site_labels(site, "network")),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(db_pods.clone()),
            policy_types: Some(vec!["Ingress".into(), "Egress".into()]),
            ingress: Some(vec![
                NetworkPolicyIngressRule {
                    from: Some(vec![peer(app_pods), peer(backup_pods(site))]),
                    ports: Some(vec![port("TCP", 3306)]),
                },
                // Replication between the servers, and the operator's agent.
                NetworkPolicyIngressRule {
                    from: Some(vec![peer(db_pods), operator]),
                    ports: None,
                },
            ]),
            egress: Some(egress),
        }),
    }));
}

fn backup_pods(site: &SiteEnv) -> LabelSelector {
    match_labels(&[
        (SITE_LABEL, &site.site),
        (ENV_LABEL, &site.env),
        (ROLE_LABEL, "backup"),
    ])
}

fn anywhere() -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        ip_block: Some(IPBlock {
            cidr: "0.0.0.0/0".into(),
            except: Some(vec!["169.254.169.254/32".into()]),
        }),
        ..NetworkPolicyPeer::default()
    }
}

fn backups(site: &SiteEnv, server: &MariaDbRef, out: &mut Vec<Object>) {
    let (Some(backup), Some(s3)) = (&site.backup, &site.s3) else {
        return;
    };
    let https = s3.endpoint.starts_with("https://");
    let endpoint = s3
        .endpoint
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let storage = |kind: &str| BackupStorage {
        s3: S3Storage {
            bucket: backup.bucket.clone(),
            endpoint: endpoint.clone(),
            region: s3.region.clone(),
            prefix: format!("{}/{}/{kind}", site.site, site.env),
            access_key_id_secret_key_ref: KeyRef {
                name: s3.secret.clone(),
                key: "access-key-id".into(),
            },
            secret_access_key_secret_key_ref: KeyRef {
                name: s3.secret.clone(),
                key: "secret-access-key".into(),
            },
            tls: S3Tls { enabled: https },
        },
    };
    let mut labels = site_labels(site, "backup");
    labels.insert(ROLE_LABEL.into(), "backup".into());
    let backup_labels: crate::crd::StringMap = backup_pods(site).match_labels.unwrap_or_default();
    let base = site.base();
    let databases = match site.database {
        Database::Shared { .. } => Some(site.instances.iter().map(|i| sql_name(site, i)).collect()),
        Database::Dedicated { .. } => None,
    };
    let name = match site.database {
        Database::Shared { .. } => base.clone(),
        Database::Dedicated { .. } => dedicated_name(site),
    };
    out.push(Object::Backup(custom(
        meta(site, &name, labels.clone()),
        BackupSpec {
            maria_db_ref: server.clone(),
            databases,
            pod_metadata: PodMetadata {
                labels: backup_labels.clone(),
            },
            schedule: Schedule {
                cron: backup.schedule.clone(),
            },
            max_retention: backup.retention.clone(),
            storage: storage("logical"),
            compression: "gzip".into(),
            security_context: operator_security(),
            resources: resources(&fixed_resources(JOB_RESOURCES)),
        },
    )));
    if matches!(site.database, Database::Dedicated { .. }) {
        out.push(Object::PhysicalBackup(custom(
            meta(site, &name, labels.clone()),
            PhysicalBackupSpec {
                maria_db_ref: server.clone(),
                pod_metadata: PodMetadata {
                    labels: backup_labels.clone(),
                },
                schedule: Schedule {
                    cron: backup.schedule.clone(),
                },
                max_retention: backup.retention.clone(),
                storage: storage("physical"),
                target: "PreferReplica".into(),
                compression: "gzip".into(),
                security_context: operator_security(),
                resources: resources(&fixed_resources(JOB_RESOURCES)),
            },
        )));
        out.push(Object::PointInTimeRecovery(custom(
            meta(site, &name, labels.clone()),
            PointInTimeRecoverySpec {
                physical_backup_ref: NameRef { name: name.clone() },
                storage: storage("binlogs"),
                archive_timeout: "1h".into(),
                compression: "gzip".into(),
                strict_mode: true,
            },
        )));
    }
    out.push(Object::NetworkPolicy(NetworkPolicy {
        metadata: meta(site, format!("{base}-backup"), site_labels(site, "network")),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(backup_pods(site)),
            policy_types: Some(vec!["Ingress".into(), "Egress".into()]),
            ingress: Some(vec![]),
            egress: Some(vec![
                NetworkPolicyEgressRule {
                    to: Some(vec![database_peer(site)]),
                    ports: Some(vec![port("TCP", 3306)]),
                },
                NetworkPolicyEgressRule {
                    to: Some(vec![anywhere()]),
                    ports: Some(vec![port("TCP", url_port(&s3.endpoint))]),
                },
            ]),
        }),
    }));
}

/// Server settings for WordPress: utf8mb4 throughout, row-based binary
/// logs (replication and point-in-time recovery need them).
const MY_CNF: &str = "[mariadb]
bind-address=*
default_storage_engine=InnoDB
binlog_format=row
innodb_autoinc_lock_mode=2
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
max_allowed_packet=256M
# Routines a site's account defines load with the binary log on.
log_bin_trust_function_creators=1
";
