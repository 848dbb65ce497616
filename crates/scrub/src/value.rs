//! One value through one rule: whole, or entry by entry inside serialized
//! and JSON values (which keep their structure and stay valid), or as plain
//! text.

use slipway_phpser::Key;

use crate::detect::{self, Kind};
use crate::engine::{CompiledRule, Scrubber};
use crate::fake::INVALIDATED_PREFIX;
use crate::json;
use crate::policy::{Action, Reach};

/// Serialized or JSON values inside strings are followed this deep
/// (WooCommerce's session `customer` is one level down).
const MAX_NESTING: usize = 3;

/// What became of a value.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Change {
    Same,
    /// Replaced; `None` is SQL NULL.
    Set(Option<Vec<u8>>),
}

/// How a value was handled, for the counters.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Effect {
    /// A serialized or JSON value was changed entry by entry.
    pub(crate) inside: bool,
    /// Something looked serialized but did not parse, and was scrubbed as
    /// text.
    pub(crate) broken: bool,
}

/// The path of an entry, in one piece per value it is nested in.
type Path<'p, 'k> = [&'p [Key<'k>]];

impl Scrubber {
    pub(crate) fn scrub_value(&self, rule: &CompiledRule, value: &[u8], fx: &mut Effect) -> Change {
        self.entry(rule, rule.action, &[], value, 0, fx)
    }

    fn entry(
        &self,
        rule: &CompiledRule,
        action: Action,
        path: &Path<'_, '_>,
        value: &[u8],
        depth: usize,
        fx: &mut Effect,
    ) -> Change {
        match action.reach() {
            Reach::WholeValue => self.whole(rule, action, value),
            Reach::Row | Reach::Table => Change::Same,
            Reach::PerString if action == Action::Keep && !rule.has_inner() => Change::Same,
            Reach::PerString => {
                if depth < MAX_NESTING {
                    if let Some(change) = self.structured(rule, action, path, value, depth, fx) {
                        fx.inside |= change != Change::Same;
                        return change;
                    }
                }
                if action == Action::Keep {
                    return Change::Same;
                }
                changed(value, self.plain(action, value))
            }
        }
    }

    /// Entry by entry, when the value is serialized or JSON; `None` when it
    /// is neither (or does not parse).
    fn structured(
        &self,
        rule: &CompiledRule,
        action: Action,
        path: &Path<'_, '_>,
        value: &[u8],
        depth: usize,
        fx: &mut Effect,
    ) -> Option<Change> {
        let each = |p: &[Key<'_>], s: &[u8], fx: &mut Effect| -> Option<Vec<u8>> {
            let mut joined = Vec::with_capacity(path.len() + 1);
            joined.extend_from_slice(path);
            joined.push(p);
            let act = rule.inner_action(&joined).unwrap_or(action);
            match self.entry(rule, act, &joined, s, depth + 1, fx) {
                Change::Same => None,
                // Inside a structure there is no NULL: an empty string.
                Change::Set(new) => Some(new.unwrap_or_default()),
            }
        };
        if slipway_phpser::looks_serialized(value) {
            let mut inner = Effect::default();
            match slipway_phpser::map_strings(value, |p, s| each(p, s, &mut inner)) {
                Ok(result) => {
                    fx.broken |= inner.broken;
                    return Some(result.map_or(Change::Same, |v| Change::Set(Some(v))));
                }
                Err(_) => fx.broken = true,
            }
        } else if json::looks_like_json(value) {
            let mut inner = Effect::default();
            if let Ok(result) = json::map_strings(value, |p, s| each(p, s, &mut inner)) {
                fx.broken |= inner.broken;
                return Some(result.map_or(Change::Same, |v| Change::Set(Some(v))));
            }
        }
        None
    }

    /// Actions that replace the value whole.
    fn whole(&self, rule: &CompiledRule, action: Action, value: &[u8]) -> Change {
        let new = match action {
            Action::Null => return Change::Set(None),
            Action::Empty => Vec::new(),
            Action::Fixed => rule.fixed.clone(),
            Action::Invalidate => match self.invalidated(value) {
                Some(new) => new,
                None => return Change::Same,
            },
            _ => return Change::Same,
        };
        changed(value, Some(new))
    }

    /// A value that can never verify. Serialized and JSON containers become
    /// empty ones (no sessions, no application passwords); empty values and
    /// values invalidated before stay.
    fn invalidated(&self, value: &[u8]) -> Option<Vec<u8>> {
        if value.trim_ascii().is_empty() || value.starts_with(INVALIDATED_PREFIX.as_bytes()) {
            return None;
        }
        if slipway_phpser::looks_serialized(value) && slipway_phpser::validate(value).is_ok() {
            return Some(b"a:0:{}".to_vec());
        }
        if json::looks_like_json(value) && json::map_strings(value, |_, _| None).is_ok() {
            let empty: &[u8] = if value.trim_ascii_start().starts_with(b"{") {
                b"{}"
            } else {
                b"[]"
            };
            return Some(empty.to_vec());
        }
        Some(self.key().invalidated(value))
    }

    /// A per-string action on plain text; `None` leaves it as it is.
    fn plain(&self, action: Action, value: &[u8]) -> Option<Vec<u8>> {
        // Empty means "not given": nothing to hide, and keeping it empty
        // keeps what the site does with a missing value.
        if value.trim_ascii().is_empty() {
            return None;
        }
        let key = self.key();
        Some(match action {
            Action::Pseudonym | Action::Email if self.keeps_user_name(value) => return None,
            Action::Pseudonym => key.pseudonym(value),
            Action::Email => key.email(value),
            Action::Phone => key.phone(value),
            Action::Name => key.name(value),
            Action::FirstName => key.first_name(value),
            Action::LastName => key.last_name(value),
            Action::Company => key.company(value),
            Action::Address => key.address(value),
            Action::Street => key.street(value),
            Action::City => key.city(value),
            Action::Postcode | Action::Shape => key.shape(value),
            // Not one address (`unknown`, a forwarded-for list): the
            // addresses inside it.
            Action::Ip => key.ip(value).unwrap_or_else(|| self.redact(value)),
            Action::Url => key.url(value),
            Action::Text => key.text(value),
            Action::Redact => self.redact(value),
            Action::Auto => self.auto(value),
            Action::Fixed
            | Action::Null
            | Action::Empty
            | Action::Invalidate
            | Action::Keep
            | Action::DeleteRow
            | Action::Truncate => return None,
        })
    }

    /// Emails, IP addresses and phone numbers inside text replaced by their
    /// fakes (the same ones the `email`, `ip` and `phone` actions give).
    fn redact(&self, text: &[u8]) -> Vec<u8> {
        let found = detect::find_all(text, detect::Domains::AllButFakes);
        if found.is_empty() {
            return text.to_vec();
        }
        let mut out = Vec::with_capacity(text.len() + 16 * found.len());
        let mut pos = 0;
        for (range, kind) in found {
            let (Some(before), Some(hit)) = (text.get(pos..range.start), text.get(range.clone()))
            else {
                continue;
            };
            out.extend_from_slice(before);
            out.extend(self.fake_for(kind, hit));
            pos = range.end;
        }
        out.extend_from_slice(text.get(pos..).unwrap_or_default());
        out
    }

    fn fake_for(&self, kind: Kind, hit: &[u8]) -> Vec<u8> {
        match kind {
            Kind::Email if self.keeps_user_name(hit) => hit.to_vec(),
            Kind::Email => self.key().email(hit),
            Kind::Ip => self.key().ip(hit).unwrap_or_else(|| hit.to_vec()),
            Kind::Phone => self.key().phone(hit),
        }
    }

    /// A fake chosen by the look of the value: one email, address or phone
    /// number gets its own kind of fake, a URL a URL, mostly digits the same
    /// shape, anything else lorem ipsum.
    fn auto(&self, value: &[u8]) -> Vec<u8> {
        let trimmed = value.trim_ascii();
        if let [(range, kind)] = detect::find_all(trimmed, detect::Domains::AllButFakes).as_slice()
        {
            if *range == (0..trimmed.len()) {
                return self.fake_for(*kind, trimmed);
            }
        }
        let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
        if lower.starts_with(b"http://") || lower.starts_with(b"https://") {
            return self.key().url(trimmed);
        }
        let digits = trimmed.iter().filter(|b| b.is_ascii_digit()).count();
        let letters = trimmed.iter().filter(|b| b.is_ascii_alphabetic()).count();
        if digits > 0 && digits >= letters {
            return self.key().shape(value);
        }
        self.key().text(value)
    }
}

/// `Set` when `new` differs from `old`.
fn changed(old: &[u8], new: Option<Vec<u8>>) -> Change {
    match new {
        Some(new) if new != old => Change::Set(Some(new)),
        _ => Change::Same,
    }
}
