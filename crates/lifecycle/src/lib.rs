//! slipway's lifecycle: operations on sites over a [`Runtime`] and the
//! catalog. Today: create a site from WordPress core, import an existing
//! one, list and remove sites, and resolve `site/environment` targets.
//!
//! [`Runtime`]: slipway_runtime::Runtime

mod code;
pub mod core_zip;
pub mod environments;
mod error;
pub mod fence;
pub mod inspect;
pub mod names;
pub mod releases;
pub mod restore;
mod secrets;
mod sites;
pub mod versions;

pub use code::CodeInstalled;
pub use error::{Error, Result};
pub use fence::{
    apply_fence, basic_auth_for, route_fence_for, FenceChange, FenceChangeKind, FenceReport,
};
pub use secrets::Secrets;
pub use sites::{
    hosts_for, Created, EnvironmentView, ImportSite, NewSite, Platform, SiteView, ADMIN_PASSWORD,
    ADMIN_USER,
};
