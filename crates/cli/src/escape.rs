//! Terminal hygiene: text that came from input (names in a scenario, ids in a CSV, paths and
//! arguments) is shown with its control characters escaped, so that it cannot move the
//! cursor, recolour the terminal, set its title or hide what is printed after it.

/// `text` with every control character escaped (`\x1b`, `\u{9b}`, `\t`, `\r`, `\n`); other
/// characters unchanged.
pub fn text(text: &str) -> String {
    escape(text, false)
}

/// Like [`text`], but keeping line breaks and tabs: for multi-line messages built by Cordon.
pub fn lines(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, keep_newlines: bool) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\t' if keep_newlines => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x80 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Control characters (C0, DEL, C1) and the bidirectional overrides that reorder text.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
