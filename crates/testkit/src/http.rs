//! HTTP for the tests: the product's own minimal client
//! (`slipway_local::http`), one GET per connection, no redirects followed,
//! so a test sees exactly what the server answered.

use anyhow::Result;
use std::net::SocketAddr;
use std::time::Duration;

/// A response as received: status, headers in order, and the body with any
/// chunked transfer coding removed.
pub use slipway_local::http::Response as HttpResponse;

/// How long a request may take before it is an error; WordPress' first page
/// view on a cold PHP server takes well under a second.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Sends `GET path` to `addr` with the given `Host` header and reads the
/// whole response.
pub(crate) fn get(addr: SocketAddr, path: &str, host: &str) -> Result<HttpResponse> {
    Ok(slipway_local::http::get_from(
        addr,
        host,
        path,
        &[],
        TIMEOUT,
    )?)
}
