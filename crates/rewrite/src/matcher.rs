//! All pairs compiled into one matcher: hosts found in one pass, then every
//! form of every pair on a found host checked in place.

use crate::hosts::Hosts;
use crate::pair::Pair;
use crate::rules::{self, Hit, Rule};

#[derive(Debug)]
pub(crate) struct Matcher {
    hosts: Hosts,
    /// The rules anchored on each host.
    rules: Vec<Vec<Rule>>,
    /// The longest prefix any rule has before its host.
    max_prefix: usize,
    /// The longest match any rule can make.
    longest: usize,
}

impl Matcher {
    pub(crate) fn new(pairs: &[Pair]) -> Result<Matcher, aho_corasick::BuildError> {
        let mut names: Vec<Vec<u8>> = Vec::new();
        let mut rules: Vec<Vec<Rule>> = Vec::new();
        for (index, pair) in pairs.iter().enumerate() {
            let name = pair.from.host.to_ascii_lowercase().into_bytes();
            let host = match names.iter().position(|n| *n == name) {
                Some(host) => host,
                None => {
                    names.push(name);
                    rules.push(Vec::new());
                    names.len() - 1
                }
            };
            rules[host].extend(rules::rules(pair, index));
        }
        let hosts = Hosts::new(&names)?;
        let all = || {
            rules
                .iter()
                .enumerate()
                .flat_map(|(h, r)| r.iter().map(move |r| (h, r)))
        };
        let max_prefix = all().map(|(_, r)| r.prefix_len()).max().unwrap_or(0);
        let longest = all()
            .map(|(h, r)| hosts.len_of(h) + r.extra_len())
            .max()
            .unwrap_or(0);
        Ok(Matcher {
            hosts,
            rules,
            max_prefix,
            longest,
        })
    }

    /// The longest match any rule can make.
    pub(crate) fn longest(&self) -> usize {
        self.longest
    }

    /// How far before a host a match can start.
    pub(crate) fn max_prefix(&self) -> usize {
        self.max_prefix
    }

    pub(crate) fn may_match(&self, raw: &[u8]) -> bool {
        self.hosts.may_occur(raw)
    }

    pub(crate) fn first_possible_host(&self, raw: &[u8]) -> Option<usize> {
        self.hosts.first_possible(raw)
    }

    pub(crate) fn host_reach(&self) -> usize {
        self.hosts.longest()
    }

    /// The leftmost match starting at or after `from` (longest among those
    /// starting there; the first listed pair among equals). `text` before
    /// `from` is context for the boundary checks only.
    pub(crate) fn next_match<'r>(&'r self, text: &[u8], from: usize) -> Option<Hit<'r>> {
        let mut best: Option<Hit<'r>> = None;
        let mut search = from;
        loop {
            // A host found further on than this cannot start a match before
            // the best one: its prefix is too short to reach back.
            let until = best.map_or(usize::MAX, |b| b.start + self.max_prefix);
            let Some((host_start, found)) = self.hosts.find(text, search, until) else {
                return best;
            };
            for &host in self.hosts.family(found) {
                let host_end = host_start + self.hosts.len_of(host);
                for rule in &self.rules[host] {
                    if let Some(hit) = rule.match_at(text, from, host_start, host_end) {
                        if best.as_ref().is_none_or(|b| hit.beats(b)) {
                            best = Some(hit);
                        }
                    }
                }
            }
            search = host_start + 1;
        }
    }
}
