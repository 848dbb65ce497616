//! Why a byte string is not exactly one serialized value.

/// A value failed to parse: where, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{reason} at byte {offset}")]
pub struct ParseError {
    /// Byte offset in the input where parsing failed.
    pub offset: usize,
    /// What is wrong there.
    pub reason: Reason,
}

/// What is wrong at the offset of a [`ParseError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Reason {
    /// The input stops in the middle of a value.
    #[error("the input ends inside a value")]
    UnexpectedEnd,
    /// A byte that starts no serialized type.
    #[error("`{}` does not start a serialized value", .0.escape_ascii())]
    UnknownType(u8),
    /// A fixed part of the syntax is missing.
    #[error("expected `{}`, found `{}`", .expected.escape_ascii(), .found.escape_ascii())]
    Unexpected {
        /// The byte the syntax requires.
        expected: u8,
        /// The byte that is there instead.
        found: u8,
    },
    /// A number is missing or malformed.
    #[error("expected a number")]
    BadNumber,
    /// A length or count has more digits than any input could need.
    #[error("a length or count is too large")]
    NumberTooLarge,
    /// A declared length reaches past the end of the input.
    #[error("a length of {declared} bytes runs past the end of the input")]
    PastEnd {
        /// The declared length.
        declared: usize,
    },
    /// The bytes after a declared length are not where the closing delimiter
    /// is: the length was not recomputed after an edit.
    #[error("a string or payload declared {declared} bytes long does not end there")]
    LengthMismatch {
        /// The declared length.
        declared: usize,
    },
    /// A boolean other than `0` or `1`.
    #[error("a boolean must be 0 or 1")]
    BadBool,
    /// A class name PHP would refuse.
    #[error("invalid class name")]
    BadClassName,
    /// An enum case not written `Class:Case`.
    #[error("an enum case must be written `Class:Case`")]
    BadEnum,
    /// A `\` in an `S:` string not followed by two hex digits.
    #[error("`\\` in an escaped string must be followed by two hex digits")]
    BadEscape,
    /// A reference to value 0, which does not exist.
    #[error("a reference must point at value 1 or later")]
    BadReference,
    /// An array key or property name that is neither an integer nor a string.
    #[error("an array key or property name must be an integer or a string, not `{}`", .0.escape_ascii())]
    BadKey(u8),
    /// Containers nested deeper than the limit.
    #[error("nested deeper than {0} levels")]
    TooDeep(usize),
    /// The value ends before the input does.
    #[error("bytes follow the end of the value")]
    TrailingBytes,
}
