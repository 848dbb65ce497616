//! One rendered object, typed, with what the apply shell needs to address it.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, LimitRange, Namespace, PersistentVolumeClaim, ResourceQuota, Service, ServiceAccount,
};
use k8s_openapi::api::networking::v1::{Ingress, NetworkPolicy};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::scheduling::v1::PriorityClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;

use crate::crd::{
    BackupSpec, CertificateSpec, ConnectionSpec, Custom, DatabaseSpec, GrantSpec, HttpRouteSpec,
    MariaDbSpec, PhysicalBackupSpec, PointInTimeRecoverySpec, ReferenceGrantSpec, UserSpec,
};

macro_rules! objects {
    ($( $variant:ident($ty:ty) = $plural:literal, $namespaced:literal; )*) => {
        /// A rendered object. The variants are in apply order: what others
        /// refer to comes first.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum Object {
            $(
                #[doc = concat!("A ", stringify!($variant), ".")]
                $variant($ty),
            )*
        }

        impl Object {
            fn meta(&self) -> &ObjectMeta {
                match self {
                    $( Object::$variant(o) => &o.metadata, )*
                }
            }

            fn rank(&self) -> usize {
                let mut rank = 0;
                $(
                    if matches!(self, Object::$variant(_)) {
                        return rank;
                    }
                    rank += 1;
                )*
                rank
            }

            /// The object's type: API version, kind, plural and scope.
            pub fn type_info(&self) -> TypeInfo {
                match self {
                    $( Object::$variant(o) => TypeInfo {
                        api_version: api_version_of(o),
                        kind: kind_of(o),
                        plural: $plural,
                        namespaced: $namespaced,
                    }, )*
                }
            }
        }

        /// Every type slipway renders, for pruning: what was rendered once
        /// and no longer is can be of any of these.
        pub const ALL_TYPES: &[(&str, &str, &str, bool)] = &[
            $( (api_version_static::<$ty>(), kind_static::<$ty>(), $plural, $namespaced), )*
        ];
    };
}

objects! {
    Namespace(Namespace) = "namespaces", false;
    PriorityClass(PriorityClass) = "priorityclasses", false;
    ResourceQuota(ResourceQuota) = "resourcequotas", true;
    LimitRange(LimitRange) = "limitranges", true;
    NetworkPolicy(NetworkPolicy) = "networkpolicies", true;
    ServiceAccount(ServiceAccount) = "serviceaccounts", true;
    ConfigMap(ConfigMap) = "configmaps", true;
    PersistentVolumeClaim(PersistentVolumeClaim) = "persistentvolumeclaims", true;
    MariaDb(Custom<MariaDbSpec>) = "mariadbs", true;
    Database(Custom<DatabaseSpec>) = "databases", true;
    User(Custom<UserSpec>) = "users", true;
    Grant(Custom<GrantSpec>) = "grants", true;
    Connection(Custom<ConnectionSpec>) = "connections", true;
    PhysicalBackup(Custom<PhysicalBackupSpec>) = "physicalbackups", true;
    PointInTimeRecovery(Custom<PointInTimeRecoverySpec>) = "pointintimerecoveries", true;
    Backup(Custom<BackupSpec>) = "backups", true;
    Service(Service) = "services", true;
    Deployment(Deployment) = "deployments", true;
    Job(Job) = "jobs", true;
    CronJob(CronJob) = "cronjobs", true;
    HorizontalPodAutoscaler(HorizontalPodAutoscaler) = "horizontalpodautoscalers", true;
    PodDisruptionBudget(PodDisruptionBudget) = "poddisruptionbudgets", true;
    Certificate(Custom<CertificateSpec>) = "certificates", true;
    Ingress(Ingress) = "ingresses", true;
    HttpRoute(Custom<HttpRouteSpec>) = "httproutes", true;
    ReferenceGrant(Custom<ReferenceGrantSpec>) = "referencegrants", true;
}

/// An object type as the API server addresses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeInfo {
    /// `group/version`, or `v1` for the core group.
    pub api_version: &'static str,
    /// The kind.
    pub kind: &'static str,
    /// The plural in URLs.
    pub plural: &'static str,
    /// Whether objects of the type live in a namespace.
    pub namespaced: bool,
}

/// The type of built-in objects (from k8s-openapi) and custom resources.
pub(crate) trait Typed {
    const API_VERSION: &'static str;
    const KIND: &'static str;
}

macro_rules! builtin {
    ($($ty:ty),*) => {$(
        impl Typed for $ty {
            const API_VERSION: &'static str = <$ty as k8s_openapi::Resource>::API_VERSION;
            const KIND: &'static str = <$ty as k8s_openapi::Resource>::KIND;
        }
    )*};
}

builtin!(
    Namespace,
    PriorityClass,
    ResourceQuota,
    LimitRange,
    NetworkPolicy,
    ServiceAccount,
    ConfigMap,
    PersistentVolumeClaim,
    Service,
    Deployment,
    Job,
    CronJob,
    HorizontalPodAutoscaler,
    PodDisruptionBudget,
    Ingress
);

macro_rules! custom {
    ($($spec:ty => $api:expr, $kind:literal;)*) => {$(
        impl Typed for Custom<$spec> {
            const API_VERSION: &'static str = $api;
            const KIND: &'static str = $kind;
        }
    )*};
}

custom! {
    MariaDbSpec => crate::crd::MARIADB_API, "MariaDB";
    DatabaseSpec => crate::crd::MARIADB_API, "Database";
    UserSpec => crate::crd::MARIADB_API, "User";
    GrantSpec => crate::crd::MARIADB_API, "Grant";
    ConnectionSpec => crate::crd::MARIADB_API, "Connection";
    PhysicalBackupSpec => crate::crd::MARIADB_API, "PhysicalBackup";
    PointInTimeRecoverySpec => crate::crd::MARIADB_API, "PointInTimeRecovery";
    BackupSpec => crate::crd::MARIADB_API, "Backup";
    CertificateSpec => crate::crd::CERT_MANAGER_API, "Certificate";
    HttpRouteSpec => crate::crd::GATEWAY_API, "HTTPRoute";
    ReferenceGrantSpec => crate::crd::GATEWAY_API_BETA, "ReferenceGrant";
}

fn api_version_of<T: Typed>(_: &T) -> &'static str {
    T::API_VERSION
}

fn kind_of<T: Typed>(_: &T) -> &'static str {
    T::KIND
}

const fn api_version_static<T: Typed>() -> &'static str {
    T::API_VERSION
}

const fn kind_static<T: Typed>() -> &'static str {
    T::KIND
}

/// Builds a custom resource with its type filled in.
pub(crate) fn custom<S>(metadata: ObjectMeta, spec: S) -> Custom<S>
where
    Custom<S>: Typed,
{
    Custom {
        api_version: <Custom<S> as Typed>::API_VERSION,
        kind: <Custom<S> as Typed>::KIND,
        metadata,
        spec,
    }
}

impl Object {
    /// The object's name.
    pub fn name(&self) -> &str {
        self.meta().name.as_deref().unwrap_or_default()
    }

    /// The object's namespace (none for cluster-scoped objects).
    pub fn namespace(&self) -> Option<&str> {
        self.meta().namespace.as_deref()
    }

    /// The object's labels.
    pub fn labels(&self) -> impl Iterator<Item = (&str, &str)> {
        self.meta()
            .labels
            .iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Apply order, then namespace, then name: the order files are
    /// written and objects applied in.
    pub fn sort_key(&self) -> (usize, &str, &str) {
        (self.rank(), self.namespace().unwrap_or(""), self.name())
    }

    /// `<kind>-<name>.yaml`, lowercase: the file the object is written to.
    pub fn file_name(&self) -> String {
        format!(
            "{}-{}.yaml",
            self.type_info().kind.to_ascii_lowercase(),
            self.name()
        )
    }
}
