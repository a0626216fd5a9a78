//! The lexer of the scenario language: turns the text into tokens, each with the 1-based
//! line and column (in characters) where it starts.
//!
//! Newlines are tokens (they end statements); blanks, tabs, carriage returns and `#`
//! comments are skipped. A `-` immediately followed by digits is a negative number (the
//! parser allows it only after `priority`). The lexer never panics: it walks a vector of
//! characters (no byte slicing) and does all arithmetic with checked or saturating ops.

use crate::ast::Pos;
use crate::error::{ErrorKind, Found, ScenarioError};
use crate::limits;

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A name or keyword: `[A-Za-z_][A-Za-z0-9_.-]*`.
    Word(String),
    /// Digits, at most [`limits::MAX_NUMBER`].
    Number(u64),
    /// `-` immediately followed by digits; holds the magnitude (at most `MAX_NUMBER`).
    NegNumber(u64),
    /// A `"…"` string with its escapes resolved.
    Str(String),
    /// `..` of a range `A..B`.
    DotDot,
    LBrace,
    RBrace,
    Semi,
    Newline,
    /// The end of the text; always the last token.
    Eof,
}

/// A token and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
}

/// Longest piece of user text quoted back in an error message, in characters.
const QUOTE_MAX_CHARS: usize = 40;

/// `text` cut to a readable length (at a character boundary), for error messages.
#[must_use]
pub fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(QUOTE_MAX_CHARS).collect();
    if text.chars().nth(QUOTE_MAX_CHARS).is_some() {
        out.push('…');
    }
    out
}

impl Tok {
    /// How the token is quoted as "found …" in an error message.
    #[must_use]
    pub fn found(&self) -> Found {
        match self {
            Tok::Word(w) => Found::Word(shorten(w)),
            Tok::Number(n) => Found::Number(*n),
            Tok::NegNumber(n) => Found::NegNumber(*n),
            Tok::Str(_) => Found::Str,
            Tok::DotDot => Found::DotDot,
            Tok::LBrace => Found::LBrace,
            Tok::RBrace => Found::RBrace,
            Tok::Semi => Found::Semi,
            Tok::Newline => Found::EndOfLine,
            Tok::Eof => Found::EndOfText,
        }
    }
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-'
}

struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
}

impl Lexer {
    fn pos(&self) -> Pos {
        Pos { line: self.line, col: self.col }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i.saturating_add(ahead)).copied()
    }

    /// Consumes one character (never a newline: those go through [`Lexer::newline`]).
    fn advance(&mut self) {
        self.i = self.i.saturating_add(1);
        self.col = self.col.saturating_add(1);
    }

    fn newline(&mut self) {
        self.i = self.i.saturating_add(1);
        self.line = self.line.saturating_add(1);
        self.col = 1;
    }

    /// Digits at the cursor, as a number; errors when too large or glued to a name.
    /// `start` is where the number (or its `-`) starts.
    fn number(&mut self, start: Pos, negative: bool) -> Result<u64, ScenarioError> {
        let mut value: u64 = 0;
        let mut too_large = false;
        let mut digits = String::new();
        while let Some(c) = self.peek() {
            let Some(d) = c.to_digit(10) else { break };
            digits.push(c);
            match value.checked_mul(10).and_then(|v| v.checked_add(u64::from(d))) {
                Some(v) if v <= limits::MAX_NUMBER => value = v,
                _ => too_large = true,
            }
            self.advance();
        }
        if let Some(c) = self.peek() {
            if is_name_start(c) {
                let mut glued = if negative { format!("-{digits}") } else { digits };
                while let Some(c) = self.peek() {
                    if !is_name_char(c) {
                        break;
                    }
                    glued.push(c);
                    self.advance();
                }
                return Err(ScenarioError::new(start, ErrorKind::NumberGluedToName(shorten(&glued))));
            }
        }
        if too_large {
            return Err(ScenarioError::new(start, ErrorKind::NumberTooLarge { max: limits::MAX_NUMBER }));
        }
        Ok(value)
    }

    fn string(&mut self, start: Pos) -> Result<String, ScenarioError> {
        let unterminated = || ScenarioError::new(start, ErrorKind::UnterminatedString);
        self.advance(); // the opening quote
        let mut out = String::new();
        loop {
            match self.peek() {
                None | Some('\n') => return Err(unterminated()),
                Some('"') => {
                    self.advance();
                    return Ok(out);
                }
                Some('\\') => {
                    let at = self.pos();
                    self.advance();
                    match self.peek() {
                        Some('"') => out.push('"'),
                        Some('\\') => out.push('\\'),
                        Some('n') => out.push('\n'),
                        None | Some('\n') => return Err(unterminated()),
                        Some(c) => return Err(ScenarioError::new(at, ErrorKind::UnknownEscape(c))),
                    }
                    self.advance();
                }
                Some(c) => {
                    out.push(c);
                    self.advance();
                }
            }
        }
    }

    fn run(mut self) -> Result<Vec<Token>, ScenarioError> {
        let mut out = Vec::new();
        // A byte-order mark at the very start (Windows editors) is not part of the text.
        if self.peek() == Some('\u{feff}') {
            self.i = 1;
        }
        while let Some(c) = self.peek() {
            let pos = self.pos();
            let tok = match c {
                ' ' | '\t' | '\r' => {
                    self.advance();
                    continue;
                }
                '\n' => {
                    self.newline();
                    Tok::Newline
                }
                '#' => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.advance();
                    }
                    continue;
                }
                ';' => {
                    self.advance();
                    Tok::Semi
                }
                '{' => {
                    self.advance();
                    Tok::LBrace
                }
                '}' => {
                    self.advance();
                    Tok::RBrace
                }
                '"' => Tok::Str(self.string(pos)?),
                '.' if self.peek_at(1) == Some('.') => {
                    self.advance();
                    self.advance();
                    Tok::DotDot
                }
                '-' if self.peek_at(1).is_some_and(|d| d.is_ascii_digit()) => {
                    self.advance();
                    Tok::NegNumber(self.number(pos, true)?)
                }
                c if c.is_ascii_digit() => Tok::Number(self.number(pos, false)?),
                c if is_name_start(c) => {
                    let mut word = String::new();
                    while let Some(c) = self.peek() {
                        if !is_name_char(c) {
                            break;
                        }
                        word.push(c);
                        self.advance();
                    }
                    Tok::Word(word)
                }
                other => return Err(ScenarioError::new(pos, ErrorKind::UnexpectedChar(other))),
            };
            out.push(Token { tok, pos });
        }
        out.push(Token { tok: Tok::Eof, pos: self.pos() });
        Ok(out)
    }
}

/// Splits `text` into tokens; the last one is always [`Tok::Eof`], placed just after the
/// last character.
///
/// # Errors
///
/// Text longer than [`limits::MAX_TEXT_BYTES`] (an error at 1:1), an unexpected
/// character, an unterminated string or unknown escape, a number above
/// [`limits::MAX_NUMBER`] or glued to letters.
pub fn lex(text: &str) -> Result<Vec<Token>, ScenarioError> {
    if text.len() > limits::MAX_TEXT_BYTES {
        return Err(ScenarioError::new(
            Pos { line: 1, col: 1 },
            ErrorKind::TextTooLong { bytes: text.len(), max: limits::MAX_TEXT_BYTES },
        ));
    }
    Lexer { chars: text.chars().collect(), i: 0, line: 1, col: 1 }.run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok> {
        lex(text).expect("lexes").into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn range_without_spaces() {
        assert_eq!(
            kinds("cpu 3..7"),
            vec![Tok::Word("cpu".into()), Tok::Number(3), Tok::DotDot, Tok::Number(7), Tok::Eof]
        );
    }

    #[test]
    fn words_with_dots_and_dashes() {
        assert_eq!(
            kinds("notify-all worker.2 x3 -2"),
            vec![
                Tok::Word("notify-all".into()),
                Tok::Word("worker.2".into()),
                Tok::Word("x3".into()),
                Tok::NegNumber(2),
                Tok::Eof
            ]
        );
    }

    #[test]
    fn positions_count_characters() {
        let toks = lex("title \"é\u{e9}\" x\n  }").expect("lexes");
        let pos: Vec<(u32, u32)> = toks.iter().map(|t| (t.pos.line, t.pos.col)).collect();
        assert_eq!(pos, vec![(1, 1), (1, 7), (1, 12), (1, 13), (2, 3), (2, 4)]);
    }

    #[test]
    fn string_escapes() {
        assert_eq!(kinds(r#""a\"b\\c\nd""#), vec![Tok::Str("a\"b\\c\nd".into()), Tok::Eof]);
    }

    #[test]
    fn comments_and_crlf() {
        assert_eq!(kinds("a # b { }\r\nc"), vec![Tok::Word("a".into()), Tok::Newline, Tok::Word("c".into()), Tok::Eof]);
    }
}
