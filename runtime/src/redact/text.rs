//! Masking personal data in a server's free-text message (`"01012345678
//! 번호가 올바르지 않습니다"`), which servers write for people and may
//! fill with what the request sent.

use super::REDACTED;

/// How many digits a run needs to be masked: a date of birth (`YYMMDD`) has
/// six, a phone number nine to eleven, a resident registration number
/// thirteen.
const MIN_DIGITS: usize = 6;

/// `text` with every value in `carried` (the sensitive values the request
/// sent, of two characters or more) and every run of digits that looks
/// like a phone number, a date of birth or a resident registration number
/// replaced by `<redacted>`.
///
/// A run is six digits or more, possibly split by single `-`, `.` or spaces,
/// that is not part of a word (`imp_123456789` and `v2026` are kept).
pub(crate) fn mask_text(text: &str, carried: &[String]) -> String {
    let mut out = text.to_owned();
    let mut carried: Vec<&str> = carried.iter().map(|v| v.trim()).filter(|v| v.chars().nth(1).is_some()).collect();
    // Longer values first, so that a value containing another is masked whole.
    carried.sort_by_key(|v| std::cmp::Reverse(v.len()));
    for value in carried {
        if out.contains(value) {
            out = out.replace(value, REDACTED);
        }
    }
    mask_digit_runs(&out)
}

fn mask_digit_runs(text: &str) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut i) = (0, 0);
    while i < chars.len() {
        let (start, c) = chars[i];
        let after_word = i > 0 && is_word(chars[i - 1].1);
        if !c.is_ascii_digit() || after_word {
            i += 1;
            continue;
        }
        // The run: digits, and single separators between digits.
        let (mut j, mut digits) = (i, 0);
        while j < chars.len() {
            match chars[j].1 {
                d if d.is_ascii_digit() => digits += 1,
                '-' | '.' | ' ' if chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit()) => {}
                _ => break,
            }
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |&(at, _)| at);
        let before_word = chars.get(j).is_some_and(|&(_, n)| is_word(n));
        if digits >= MIN_DIGITS && !before_word {
            out.push_str(&text[copied..start]);
            out.push_str(REDACTED);
            copied = end;
        }
        i = j.max(i + 1);
    }
    out.push_str(&text[copied..]);
    out
}

/// Letters, digits and `_` of ASCII: a run touching one is part of an identifier.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_that_may_be_personal_are_masked() {
        let cases = [
            ("01012345678 번호가 올바르지 않습니다", "<redacted> 번호가 올바르지 않습니다"),
            ("phone 010-1234-5678 is wrong", "phone <redacted> is wrong"),
            ("생년월일(900101)을 확인하세요", "생년월일(<redacted>)을 확인하세요"),
            ("주민번호 900101-1234567", "주민번호 <redacted>"),
            ("010 1234 5678.", "<redacted>."),
            // Kept: short numbers, identifiers, versions.
            ("code 12345, retry in 30 s", "code 12345, retry in 30 s"),
            ("imp_123456789012 not found", "imp_123456789012 not found"),
            ("build 1234567a", "build 1234567a"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_text(input, &[]), expected, "{input}");
        }
    }

    #[test]
    fn values_the_request_carried_are_masked() {
        let carried = ["홍길동".to_owned(), "M".to_owned(), "hong@example.com".to_owned()];
        assert_eq!(
            mask_text("홍길동님(hong@example.com)의 정보가 일치하지 않습니다 M", &carried),
            "<redacted>님(<redacted>)의 정보가 일치하지 않습니다 M"
        );
    }
}
