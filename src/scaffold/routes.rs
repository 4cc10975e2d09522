//! Route patterns as `clerkctl.toml` stores them (`/dashboard(.*)`, `/users/:id`): validation,
//! matching, and the JavaScript regular expressions written into generated middleware.
//!
//! The accepted syntax is the subset of `path-to-regexp` that Clerk's docs use: literal segments,
//! `:name` for one segment and `(.*)` for "anything". Keeping it this small means a pattern can be
//! checked here, matched here (for `--check`) and compiled to a JavaScript literal that means the
//! same thing, with no regex engine on either side that could disagree.

use std::fmt;

/// One piece of a parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Characters that must appear as written.
    Literal(String),
    /// `:name`: one non-empty path segment.
    Segment,
    /// `(.*)`: any characters, including none and `/`.
    Any,
}

/// A validated route pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutePattern {
    source: String,
    tokens: Vec<Token>,
}

/// Why a pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid route pattern `{pattern}`: {reason}")]
pub struct PatternError {
    /// The pattern as typed.
    pub pattern: String,
    /// What is wrong with it.
    pub reason: String,
}

fn is_literal_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '~')
}

impl RoutePattern {
    /// Parse and validate `text`.
    pub fn parse(text: &str) -> Result<Self, PatternError> {
        let fail = |reason: &str| PatternError {
            pattern: text.to_string(),
            reason: reason.to_string(),
        };
        if !text.starts_with('/') {
            return Err(fail("it must start with `/`"));
        }
        let mut tokens = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("(.*)") {
                if !literal.is_empty() {
                    tokens.push(Token::Literal(std::mem::take(&mut literal)));
                }
                tokens.push(Token::Any);
                rest = after;
            } else if c == ':' {
                let name_len = rest[1..]
                    .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                    .unwrap_or(rest.len() - 1);
                if name_len == 0 {
                    return Err(fail("`:` must be followed by a parameter name"));
                }
                if !literal.is_empty() {
                    tokens.push(Token::Literal(std::mem::take(&mut literal)));
                }
                tokens.push(Token::Segment);
                rest = &rest[1 + name_len..];
            } else if is_literal_char(c) {
                literal.push(c);
                rest = &rest[c.len_utf8()..];
            } else {
                return Err(fail(&format!(
                    "`{c}` is not allowed; use letters, digits, `/-_.~`, `:name` and `(.*)`"
                )));
            }
        }
        if !literal.is_empty() {
            tokens.push(Token::Literal(literal));
        }
        Ok(Self {
            source: text.to_string(),
            tokens,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// True when `path` (a URL pathname, no query) matches the whole pattern.
    pub fn matches(&self, path: &str) -> bool {
        match_tokens(&self.tokens, path)
    }

    /// A concrete path the pattern matches (`(.*)` empty, `:id` → `id`), to probe other patterns.
    pub fn sample_path(&self) -> String {
        self.tokens
            .iter()
            .map(|t| match t {
                Token::Literal(text) => text.as_str(),
                Token::Segment => "x",
                Token::Any => "",
            })
            .collect()
    }

    /// The pattern as a JavaScript regular-expression literal, anchored at both ends
    /// (`/^\/dashboard(?:.*)$/`).
    pub fn to_js_regex(&self) -> String {
        let mut out = String::from("/^");
        for token in &self.tokens {
            match token {
                Token::Literal(text) => {
                    for c in text.chars() {
                        if matches!(c, '/' | '.') {
                            out.push('\\');
                        }
                        out.push(c);
                    }
                }
                Token::Segment => out.push_str("[^\\/]+"),
                Token::Any => out.push_str("(?:.*)"),
            }
        }
        out.push_str("$/");
        out
    }
}

impl fmt::Display for RoutePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

fn match_tokens(tokens: &[Token], path: &str) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return path.is_empty();
    };
    match first {
        Token::Literal(text) => path
            .strip_prefix(text.as_str())
            .is_some_and(|after| match_tokens(rest, after)),
        Token::Segment => {
            let end = path.find('/').unwrap_or(path.len());
            // A segment is non-empty; try every length so a literal suffix can still match.
            (1..=end).any(|n| path.is_char_boundary(n) && match_tokens(rest, &path[n..]))
        }
        Token::Any => {
            (0..=path.len()).any(|n| path.is_char_boundary(n) && match_tokens(rest, &path[n..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_clerk_route_patterns() {
        let p = RoutePattern::parse("/dashboard(.*)").unwrap();
        assert!(p.matches("/dashboard"));
        assert!(p.matches("/dashboard/settings"));
        assert!(!p.matches("/"));
        let p = RoutePattern::parse("/users/:id/edit").unwrap();
        assert!(p.matches("/users/42/edit"));
        assert!(!p.matches("/users//edit"));
        assert!(!p.matches("/users/1/2/edit"));
        assert!(RoutePattern::parse("/").unwrap().matches("/"));
        assert!(!RoutePattern::parse("/").unwrap().matches("/a"));
    }

    #[test]
    fn refuses_what_it_cannot_translate_faithfully() {
        for bad in [
            "dashboard",
            "/a b",
            "/a*",
            "/a$",
            "/x/:",
            "/\"quote",
            "/a(b)",
        ] {
            assert!(RoutePattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn compiles_to_an_anchored_js_regex() {
        let p = RoutePattern::parse("/api/webhooks(.*)").unwrap();
        assert_eq!(p.to_js_regex(), r"/^\/api\/webhooks(?:.*)$/");
        let p = RoutePattern::parse("/files/:name.json").unwrap();
        assert_eq!(p.to_js_regex(), r"/^\/files\/[^\/]+\.json$/");
    }
}
