//! Parsing of claim values: literal text interleaved with `{{ … }}` shortcode expressions.
//!
//! A shortcode expression is one or more operands separated by `||`. An operand is a dot path
//! (`user.public_metadata.plan`) or a literal: a single-quoted string, a number or a boolean
//! (contract §7). Errors carry a 1-based character column so a user can find the defect.

use serde_json::{Number, Value};
use thiserror::Error;

/// One operand of a shortcode expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A dot path such as `user.public_metadata.plan`, split on dots.
    Path(Vec<String>),
    /// A literal value (string, number or boolean).
    Literal(Value),
}

impl Operand {
    /// The dotted path, when this operand is a path.
    pub fn dotted(&self) -> Option<String> {
        match self {
            Operand::Path(parts) => Some(parts.join(".")),
            Operand::Literal(_) => None,
        }
    }
}

/// A shortcode: `{{ a || b || 'c' }}`, with the column of its opening braces.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    /// The operands in order; never empty.
    pub operands: Vec<Operand>,
    /// 1-based character column of the opening `{{` in the value.
    pub column: usize,
    /// 1-based character column of each operand, in order (where a diagnostic about one points).
    pub operand_columns: Vec<usize>,
}

/// A piece of a parsed string value.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// Text copied as is.
    Text(String),
    /// A shortcode to evaluate.
    Shortcode(Shortcode),
}

/// A defect in a shortcode expression.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// `{{` without a matching `}}`.
    #[error("shortcode opened at column {column} never closes (missing `}}}}`)")]
    Unterminated {
        /// Column of the opening braces.
        column: usize,
    },
    /// `{{ }}` or an empty side of `||`.
    #[error("empty operand in shortcode at column {column}")]
    EmptyOperand {
        /// Column of the offending operand (or of the shortcode).
        column: usize,
    },
    /// A quoted string that never closes.
    #[error("string literal at column {column} never closes (missing `'`)")]
    UnterminatedString {
        /// Column of the opening quote.
        column: usize,
    },
    /// Something that is neither a path nor a literal.
    #[error("unexpected `{found}` at column {column} in shortcode")]
    Unexpected {
        /// What was found.
        found: String,
        /// Where.
        column: usize,
    },
}

impl ParseError {
    /// The 1-based column the error points at.
    pub fn column(&self) -> usize {
        match self {
            ParseError::Unterminated { column }
            | ParseError::EmptyOperand { column }
            | ParseError::UnterminatedString { column }
            | ParseError::Unexpected { column, .. } => *column,
        }
    }
}

/// Split a string value into text and shortcodes.
pub fn parse_value(text: &str) -> Result<Vec<Segment>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i) == Some(&'{') && chars.get(i + 1) == Some(&'{') {
            let open = i;
            let close =
                find_close(&chars, i + 2).ok_or(ParseError::Unterminated { column: open + 1 })?;
            if !literal.is_empty() {
                segments.push(Segment::Text(std::mem::take(&mut literal)));
            }
            let body = chars.get(open + 2..close).unwrap_or_default();
            let (operands, operand_columns) = parse_expression(body, open + 3)?;
            segments.push(Segment::Shortcode(Shortcode {
                operands,
                column: open + 1,
                operand_columns,
            }));
            i = close + 2;
        } else {
            if let Some(c) = chars.get(i) {
                literal.push(*c);
            }
            i += 1;
        }
    }
    if !literal.is_empty() {
        segments.push(Segment::Text(literal));
    }
    Ok(segments)
}

/// Whether the text contains a shortcode opener at all (cheap pre-check for rendering).
pub fn has_shortcode(text: &str) -> bool {
    text.contains("{{")
}

/// Index of the `}}` that closes a shortcode starting at `from`, skipping quoted strings.
fn find_close(chars: &[char], from: usize) -> Option<usize> {
    let mut i = from;
    let mut in_string = false;
    while i < chars.len() {
        let c = chars.get(i).copied()?;
        if in_string {
            if c == '\\' {
                i += 2;
                continue;
            }
            if c == '\'' {
                in_string = false;
            }
        } else if c == '\'' {
            in_string = true;
        } else if c == '}' && chars.get(i + 1) == Some(&'}') {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Parse `a || b || 'c'`; `base` is the 1-based column of `body[0]`.
fn parse_expression(body: &[char], base: usize) -> Result<(Vec<Operand>, Vec<usize>), ParseError> {
    let mut operands = Vec::new();
    let mut columns = Vec::new();
    let mut i = 0;
    loop {
        while body.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        let start = i;
        let operand = match body.get(i) {
            None => {
                return Err(ParseError::EmptyOperand {
                    column: base + start,
                });
            }
            Some('|') => {
                return Err(ParseError::EmptyOperand {
                    column: base + start,
                });
            }
            Some('\'') => {
                let (value, next) = parse_string(body, i, base)?;
                i = next;
                Operand::Literal(Value::String(value))
            }
            Some(_) => {
                let mut end = i;
                while body
                    .get(end)
                    .is_some_and(|c| !c.is_whitespace() && *c != '|' && *c != '\'')
                {
                    end += 1;
                }
                let word: String = body.get(i..end).unwrap_or_default().iter().collect();
                i = end;
                word_operand(&word, base + start)?
            }
        };
        operands.push(operand);
        columns.push(base + start);
        while body.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        match (body.get(i), body.get(i + 1)) {
            (None, _) => return Ok((operands, columns)),
            (Some('|'), Some('|')) => i += 2,
            (Some(c), _) => {
                return Err(ParseError::Unexpected {
                    found: c.to_string(),
                    column: base + i,
                });
            }
        }
    }
}

/// Parse a single-quoted string starting at `body[start] == '\''`; returns the value and the index
/// after the closing quote. `\'` and `\\` escape.
fn parse_string(body: &[char], start: usize, base: usize) -> Result<(String, usize), ParseError> {
    let mut out = String::new();
    let mut i = start + 1;
    loop {
        match body.get(i) {
            None => {
                return Err(ParseError::UnterminatedString {
                    column: base + start,
                });
            }
            Some('\\') => {
                if let Some(c) = body.get(i + 1) {
                    out.push(*c);
                }
                i += 2;
            }
            Some('\'') => return Ok((out, i + 1)),
            Some(c) => {
                out.push(*c);
                i += 1;
            }
        }
    }
}

/// A bare word: boolean, number or dot path.
fn word_operand(word: &str, column: usize) -> Result<Operand, ParseError> {
    match word {
        "true" => return Ok(Operand::Literal(Value::Bool(true))),
        "false" => return Ok(Operand::Literal(Value::Bool(false))),
        _ => {}
    }
    let first = word.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() || first == '-' {
        let number: Option<Number> = word
            .parse::<i64>()
            .ok()
            .map(Number::from)
            .or_else(|| word.parse::<f64>().ok().and_then(Number::from_f64));
        return number
            .map(|n| Operand::Literal(Value::Number(n)))
            .ok_or_else(|| ParseError::Unexpected {
                found: word.to_string(),
                column,
            });
    }
    if first == '"' {
        return Err(ParseError::Unexpected {
            found: "\"".to_string(),
            column,
        });
    }
    let parts: Vec<String> = word.split('.').map(str::to_string).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || p.contains(['{', '}', '"']))
    {
        return Err(ParseError::Unexpected {
            found: word.to_string(),
            column,
        });
    }
    Ok(Operand::Path(parts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path(p: &str) -> Operand {
        Operand::Path(p.split('.').map(str::to_string).collect())
    }

    #[test]
    fn plain_text_is_one_segment() {
        assert_eq!(
            parse_value("hello").unwrap(),
            vec![Segment::Text("hello".into())]
        );
        assert_eq!(parse_value("").unwrap(), vec![]);
        assert_eq!(
            parse_value("a } b {").unwrap(),
            vec![Segment::Text("a } b {".into())]
        );
    }

    #[test]
    fn single_shortcode_with_spaces() {
        let segs = parse_value("{{ user.id }}").unwrap();
        assert_eq!(
            segs,
            vec![Segment::Shortcode(Shortcode {
                operands: vec![path("user.id")],
                column: 1,
                operand_columns: vec![4],
            })]
        );
    }

    #[test]
    fn interpolation_and_fallbacks() {
        let segs = parse_value("x {{user.a || 'b c' || 30 || true || -1.5}}!").unwrap();
        assert_eq!(segs.len(), 3);
        let Some(Segment::Shortcode(sc)) = segs.get(1) else {
            panic!("expected shortcode")
        };
        assert_eq!(sc.column, 3);
        assert_eq!(
            sc.operands,
            vec![
                path("user.a"),
                Operand::Literal(json!("b c")),
                Operand::Literal(json!(30)),
                Operand::Literal(json!(true)),
                Operand::Literal(json!(-1.5)),
            ]
        );
    }

    #[test]
    fn quoted_braces_do_not_close() {
        let segs = parse_value("{{ user.x || '}}' }}").unwrap();
        assert_eq!(segs.len(), 1);
    }

    #[test]
    fn errors_carry_columns() {
        assert_eq!(
            parse_value("ab {{user.id").unwrap_err(),
            ParseError::Unterminated { column: 4 }
        );
        assert_eq!(
            parse_value("{{}}").unwrap_err(),
            ParseError::EmptyOperand { column: 3 }
        );
        assert_eq!(
            parse_value("{{ user.id || }}").unwrap_err(),
            ParseError::EmptyOperand { column: 15 }
        );
        assert_eq!(
            parse_value("{{ a ||| b }}").unwrap_err(),
            ParseError::EmptyOperand { column: 8 }
        );
        assert!(matches!(
            parse_value("{{ a b }}").unwrap_err(),
            ParseError::Unexpected { column: 6, .. }
        ));
        assert!(matches!(
            parse_value("{{ \"x\" }}").unwrap_err(),
            ParseError::Unexpected { .. }
        ));
        assert!(matches!(
            parse_value("{{ user..id }}").unwrap_err(),
            ParseError::Unexpected { .. }
        ));
        assert!(matches!(
            parse_value("{{ 12abc }}").unwrap_err(),
            ParseError::Unexpected { .. }
        ));
        assert_eq!(
            parse_value("{{ 'abc }}").unwrap_err(),
            ParseError::Unterminated { column: 1 }
        );
    }

    #[test]
    fn non_ascii_columns_count_characters() {
        assert_eq!(parse_value("é {{x").unwrap_err().column(), 3);
    }
}
