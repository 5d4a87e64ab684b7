//! The links' capability tokens: 128 random bits each, written URL-safe.
//!
//! Whoever has a link has what it gives (the view token shows the stage and
//! the rundown, the control token also sends commands), so a token is
//! checked in constant time, and one read back from a journal is used only
//! if it still looks like one this module made: a journal edited by hand
//! must not turn a link into a guessable one.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::journal::LinkTokens;

/// Characters of a token: 16 bytes in base64url without padding.
pub const TOKEN_CHARS: usize = 22;

/// Two fresh tokens; `None` only when the system has no random numbers.
pub fn fresh() -> Option<LinkTokens> {
    Some(LinkTokens {
        view: token()?,
        control: token()?,
        port: None,
    })
}

fn token() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(URL_SAFE_NO_PAD.encode(bytes))
}

/// Whether `token` is one [`fresh`] could have made.
pub fn is_well_formed(token: &str) -> bool {
    token.len() == TOKEN_CHARS
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && URL_SAFE_NO_PAD.decode(token).is_ok_and(|b| b.len() == 16)
}

/// Whether both tokens of a journal can be used again (and differ).
pub fn usable(links: &LinkTokens) -> bool {
    is_well_formed(&links.view) && is_well_formed(&links.control) && links.view != links.control
}

/// Compares a token from a request with the real one without telling, by
/// the time it takes, how much of it was right.
pub fn matches(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_tokens_are_128_bits_url_safe_and_differ() {
        let a = fresh().unwrap();
        let b = fresh().unwrap();
        assert!(usable(&a), "{a:?}");
        assert_ne!(a.view, b.view);
        assert_ne!(a.view, a.control);
        assert_eq!(a.view.len(), TOKEN_CHARS);
    }

    #[test]
    fn a_hand_edited_token_is_not_used() {
        let bad = |view: &str| LinkTokens {
            view: view.to_owned(),
            control: fresh().unwrap().control,
            port: None,
        };
        assert!(!usable(&bad("")));
        assert!(!usable(&bad("aaaa")));
        assert!(!usable(&bad("AAAAAAAAAAAAAAAAAAAAA/")));
        let same = fresh().unwrap().view;
        assert!(!usable(&LinkTokens {
            view: same.clone(),
            control: same,
            port: None,
        }));
    }

    #[test]
    fn matching_is_exact() {
        assert!(matches("abc", "abc"));
        assert!(!matches("abd", "abc"));
        assert!(!matches("ab", "abc"));
        assert!(!matches("", "abc"));
    }
}
