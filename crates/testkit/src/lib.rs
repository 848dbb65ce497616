//! Real components for slipway's integration tests.
//!
//! slipway's tests talk to the real programs a WordPress site runs on, never to
//! mocks: a private MariaDB server ([`MariaDb`]), a WordPress site whose core
//! comes from Debian's `wordpress` package ([`WordPressSite`]), and PHP's own
//! web server in front of it ([`PhpServer`]). Everything listens on loopback
//! only, lives in temporary directories and is stopped when dropped.
//!
//! The components are Debian packages (`scripts/install-deps` installs them).
//! A test starts by asking for them:
//!
//! ```no_run
//! use slipway_testkit::{free_port, Components, MariaDb, PhpServer, WordPressSite};
//!
//! fn the_front_page_is_served() -> anyhow::Result<()> {
//!     let Some(components) = Components::require() else {
//!         return Ok(());
//!     };
//!     let db = MariaDb::start_with(&components)?;
//!     let port = free_port()?;
//!     let url = format!("http://shop.example.test:{port}");
//!     let dir = tempfile::tempdir()?;
//!     let site = WordPressSite::install(&db, "shop", &url, &dir.path().join("site"))?;
//!     let server = PhpServer::serve_with(&components.php, site.dir(), port)?;
//!     let page = server.get("/", &format!("shop.example.test:{port}"))?;
//!     assert_eq!(page.status, 200);
//!     Ok(())
//! }
//! ```
//!
//! When a component is missing, [`Components::require`] returns `None` after
//! saying which test was skipped and what to install — unless the environment
//! variable `CI` is `true`, where a missing component fails the test instead,
//! so a CI machine can never pass by skipping.
#![deny(missing_docs)]

mod components;
mod directory;
mod garage;
mod http;
mod mariadb;
mod php_server;
mod process;
mod wordpress;

pub use components::{in_ci, require, run_php, skip_or_fail, Components, MissingComponents};
pub use directory::{zip_of, PackageDirectory};
pub use garage::Garage;
pub use http::HttpResponse;
pub use mariadb::MariaDb;
pub use php_server::{free_port, PhpServer};
pub use wordpress::{
    php_quote, SampleContent, SamplePost, SampleUser, WooCommerceData, WordPressSite,
};
