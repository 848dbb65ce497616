//! apply placeholder
