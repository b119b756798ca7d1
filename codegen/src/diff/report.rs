//! The two ways a [`Report`] is written: a changelog for a pull request, and
//! JSON for tools (the format is documented in the [module docs](super)).

use std::fmt::Write;

use super::{Change, Report};

impl Report {
    /// The report as JSON, pretty-printed, with a final newline.
    pub fn to_json(&self) -> String {
        match serde_json::to_string_pretty(self) {
            Ok(mut json) => {
                json.push('\n');
                json
            }
            // Serializing plain strings and booleans cannot fail; should it, say so in JSON.
            Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
        }
    }

    /// The report as a Markdown changelog: a title, a count, then the
    /// breaking and the other changes, one bullet each.
    pub fn to_text(&self) -> String {
        let mut out = format!("# API changes: `{}` → `{}`\n\n", self.old, self.new);
        if self.changes.is_empty() {
            out.push_str("No changes to the generated client.\n");
            return out;
        }
        let breaking: Vec<&Change> = self.breaking_changes().collect();
        let compatible: Vec<&Change> = self.compatible_changes().collect();
        let _ = writeln!(out, "{} breaking, {} non-breaking.", breaking.len(), compatible.len());
        for (title, changes) in [("Breaking", breaking), ("Non-breaking", compatible)] {
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n## {title}\n");
            for change in changes {
                let _ = writeln!(out, "- {}", bullet(change));
            }
        }
        out
    }
}

/// ``- `requestOTP` request body .channel_key: required field added: `String` ``
fn bullet(change: &Change) -> String {
    match &change.operation {
        Some(operation) => format!("`{operation}` {}: {}", change.location, change.message),
        None => format!("{}: {}", change.location, change.message),
    }
}
