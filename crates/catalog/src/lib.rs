//! The catalog of slipway's local runtime: which sites exist, their
//! environments, the instances that serve them, and the history of what was
//! done, in one SQLite file in the state directory.
//!
//! Every write happens inside [`Catalog::change`], one transaction that
//! commits only if the whole closure succeeds, so an interrupted operation
//! never leaves half of itself recorded. The schema migrates forward when a
//! catalog is opened; a catalog written by a newer slipway is refused rather
//! than misread.
//!
//! ```
//! use slipway_catalog::{Catalog, CatalogError, InstanceState};
//! use std::path::Path;
//!
//! let mut catalog = Catalog::open_in_memory()?;
//! let instance = catalog.change(|change| {
//!     change.add_site("shop", "The shop", None, "wp_")?;
//!     change.add_environment("shop", "production", "https://shop.example")?;
//!     let instance = change.add_instance("shop", "production", Path::new("/srv/slipway"))?;
//!     change.event(Some("shop"), "site.add", "added site shop")?;
//!     Ok::<_, CatalogError>(instance)
//! })?;
//! assert_eq!(instance.id, "shop-production-1");
//! assert_eq!(instance.db_name, "shop_production_1");
//!
//! catalog.change(|change| {
//!     change.set_instance_state(&instance.id, InstanceState::Ready)?;
//!     change.point_environment("shop", "production", &instance.id)
//! })?;
//! let production = catalog.environment("shop", "production")?;
//! assert_eq!(production.and_then(|env| env.instance), Some(instance.id));
//! # Ok::<(), CatalogError>(())
//! ```
#![deny(missing_docs)]

mod catalog;
mod error;
mod model;
mod names;
mod read;
mod schema;
mod timestamp;

pub use catalog::{Catalog, Change, NewRelease, NewVersion, ReleaseUpdate};
pub use error::{CatalogError, Subject};
pub use model::{
    Environment, Event, Instance, InstanceState, Multisite, Origin, ParseValueError, Release,
    ReleaseKind, ReleaseState, Site, Version,
};
pub use schema::SCHEMA_VERSION;
pub use timestamp::now;
