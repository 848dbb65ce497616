//! Small scanners over complete byte slices: identifiers, quoted runs,
//! white space and comments. Used where a whole statement is in memory.

/// Skips white space and `-- `, `#` and `/* */` comments (but not `/*!`
/// conditional comments, which hold code) starting at `at`.
pub fn skip_space_and_comments(s: &[u8], mut at: usize) -> usize {
    loop {
        match s.get(at) {
            Some(b) if b.is_ascii_whitespace() => at += 1,
            Some(b'#') => at = line_end(s, at),
            Some(b'-') if s.get(at + 1) == Some(&b'-') && is_comment_dash_end(s.get(at + 2)) => {
                at = line_end(s, at)
            }
            Some(b'/') if s.get(at + 1) == Some(&b'*') && s.get(at + 2) != Some(&b'!') => {
                at = match memchr::memmem::find(&s[at + 2..], b"*/") {
                    Some(end) => at + 2 + end + 2,
                    None => s.len(),
                }
            }
            _ => return at,
        }
    }
}

/// MySQL only treats `--` as a comment when white space or a control
/// character (or the end) follows it.
pub fn is_comment_dash_end(next: Option<&u8>) -> bool {
    match next {
        None => true,
        Some(&b) => b <= b' ',
    }
}

fn line_end(s: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &s[at..]).map_or(s.len(), |i| at + i + 1)
}

/// Reads an identifier at `at`: backquoted (with doubled backquotes),
/// double-quoted, or bare. Returns it unquoted and the position after it.
pub fn identifier(s: &[u8], at: usize) -> Option<(String, usize)> {
    match *s.get(at)? {
        quote @ (b'`' | b'"') => {
            let end = skip_quoted(s, at);
            if end > s.len() || s.get(end - 1) != Some(&quote) || end < at + 2 {
                return None;
            }
            let body = String::from_utf8_lossy(&s[at + 1..end - 1]);
            let quote = char::from(quote);
            let text = body.replace(&format!("{quote}{quote}"), &quote.to_string());
            Some((text, end))
        }
        b if is_bare_identifier_byte(b) => {
            let len = s[at..]
                .iter()
                .take_while(|&&b| is_bare_identifier_byte(b))
                .count();
            Some((
                String::from_utf8_lossy(&s[at..at + len]).into_owned(),
                at + len,
            ))
        }
        _ => None,
    }
}

/// Bytes that may make up an unquoted identifier or keyword.
pub fn is_bare_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Returns the position just after the quoted run that opens at `at`.
/// Backslash escapes count in string quotes but not in backquotes; a doubled
/// quote stays inside. An unterminated run ends at the end of `s`.
pub fn skip_quoted(s: &[u8], at: usize) -> usize {
    let quote = s[at];
    let mut i = at + 1;
    while i < s.len() {
        let b = s[i];
        if b == b'\\' && quote != b'`' {
            i += 2;
        } else if b == quote {
            if s.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    s.len()
}
