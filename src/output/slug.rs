//! Safe directory names from scenario names (`output/<slug>/`).
//!
//! A scenario name is free text written by a user — or by anyone who sends a
//! student a scenario file — so it must never reach the file system as given:
//! `../../etc` or `C:\x` would escape `output/`. The slug keeps only lower-case
//! ASCII letters, digits and single inner hyphens, which is safe and portable on
//! every file system, and readable: common Latin accents, Cyrillic and Greek are
//! transliterated so "Équilibre de la Méditerranée" and "Война и мир" stay
//! recognisable. Letters of other scripts (Chinese, Japanese, Arabic, …) have no
//! spelling here; a name that loses any, or is cut short, gets a short hash of
//! the whole name, so two such names never share a directory.

/// Longest slug, in bytes (all of them ASCII).
pub const MAX_SLUG_LEN: usize = 64;

/// The name used when nothing usable is left of the input.
const FALLBACK: &str = "scenario";

/// Hex digits of the hash added to a name that could not be spelled whole.
const HASH_DIGITS: usize = 8;

/// A safe, non-empty directory name matching `^[a-z0-9]+(-[a-z0-9]+)*$`, at most 64 characters.
pub fn slug(name: &str) -> String {
    let (spelled, lossy) = spell(name);
    if !lossy {
        return if spelled.is_empty() {
            FALLBACK.to_string()
        } else {
            spelled
        };
    }
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(name.as_bytes());
    let hash: String = digest
        .iter()
        .take(HASH_DIGITS / 2)
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut head = if spelled.is_empty() {
        FALLBACK.to_string()
    } else {
        spelled
    };
    head.truncate(MAX_SLUG_LEN - HASH_DIGITS - 1);
    while head.ends_with('-') {
        head.pop();
    }
    format!("{head}-{hash}")
}

/// The name spelled in ASCII, and whether anything was lost on the way (a
/// letter or digit with no spelling, or the end of a name too long).
fn spell(name: &str) -> (String, bool) {
    let mut out = String::with_capacity(name.len().min(MAX_SLUG_LEN));
    let mut lossy = false;
    // Start as if after a hyphen so leading separators vanish.
    let mut last_was_hyphen = true;
    let mut push = |piece: &str, out: &mut String| {
        for b in piece.bytes() {
            if b == b'-' {
                if !last_was_hyphen {
                    out.push('-');
                    last_was_hyphen = true;
                }
            } else {
                out.push(b as char);
                last_was_hyphen = false;
            }
        }
    };
    for c in name.chars() {
        if out.len() > MAX_SLUG_LEN {
            lossy = true;
            break;
        }
        // Lower-casing first lets one table serve both cases; 'İ' lower-cases to
        // 'i' plus a combining dot, which `latin` drops like other combining marks.
        for lower in c.to_lowercase() {
            let spelled = latin(lower);
            if spelled == "-" && lower.is_alphanumeric() {
                lossy = true;
            }
            push(spelled, &mut out);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() > MAX_SLUG_LEN {
        lossy = true;
        out.truncate(MAX_SLUG_LEN);
        while out.ends_with('-') {
            out.pop();
        }
    }
    (out, lossy)
}

/// The ASCII spelling of one lower-case character: itself if it is a letter or
/// digit, a transliteration for common Latin letters, nothing for combining
/// accents (so decomposed "e\u{301}" reads "e"), and a hyphen otherwise.
fn latin(c: char) -> &'static str {
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        return ASCII_ALNUM[ascii_index(c)];
    }
    match c {
        '\u{0300}'..='\u{036f}' => "",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => cyrillic_or_greek(c),
    }
}

/// Transliteration of lower-case Cyrillic (Russian, Ukrainian, Serbian and
/// their neighbours, after common English usage) and Greek letters; a hyphen
/// for anything else.
fn cyrillic_or_greek(c: char) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' => "i",
        'ї' => "yi",
        'й' | 'ы' => "y",
        'ј' => "j",
        'к' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' => "n",
        'њ' => "nj",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ћ' => "c",
        'ђ' => "dj",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'џ' => "dz",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        'α' | 'ά' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' | 'έ' => "e",
        'ζ' => "z",
        'η' | 'ή' | 'ι' | 'ί' | 'ϊ' | 'ΐ' => "i",
        'θ' => "th",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ό' | 'ω' | 'ώ' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        _ => "-",
    }
}

/// Static one-character strings for ASCII letters and digits, so `latin` can
/// return `&'static str` without allocating.
const ASCII_ALNUM: [&str; 36] = [
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s",
    "t", "u", "v", "w", "x", "y", "z", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
];

fn ascii_index(c: char) -> usize {
    match c {
        'a'..='z' => c as usize - 'a' as usize,
        _ => 26 + (c as usize - '0' as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks `^[a-z0-9]+(-[a-z0-9]+)*$` without a regex engine.
    fn well_formed(s: &str) -> bool {
        !s.is_empty()
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    #[test]
    fn ordinary_names() {
        assert_eq!(slug("Two blocs"), "two-blocs");
        assert_eq!(slug("Europe 1914"), "europe-1914");
        assert_eq!(slug("hub_and_spoke (v2)"), "hub-and-spoke-v2");
        assert_eq!(slug("already-a-slug"), "already-a-slug");
    }

    #[test]
    fn accents_are_transliterated() {
        assert_eq!(
            slug("Équilibre de la Méditerranée"),
            "equilibre-de-la-mediterranee"
        );
        assert_eq!(slug("Düsseldorf Straße"), "dusseldorf-strasse");
        assert_eq!(slug("Français Ñandú"), "francais-nandu");
        assert_eq!(slug("Øresund Åland Ærø"), "oresund-aland-aero");
        assert_eq!(slug("İstanbul ılık Ağrı Şişli"), "istanbul-ilik-agri-sisli");
        assert_eq!(slug("Łódź Kraków"), "lodz-krakow");
        assert_eq!(slug("Ţara Românească"), "tara-romaneasca");
        // Decomposed accents (e + combining acute) read the same as composed ones.
        assert_eq!(slug("Cafe\u{301}"), "cafe");
    }

    #[test]
    fn hostile_names_cannot_escape() {
        assert_eq!(slug("../../x"), "x");
        assert_eq!(slug(".."), "scenario");
        assert_eq!(slug("."), "scenario");
        assert_eq!(slug("/etc/passwd"), "etc-passwd");
        assert_eq!(slug("C:\\Windows\\System32"), "c-windows-system32");
        assert_eq!(slug("a\0b\nc\td"), "a-b-c-d");
        assert_eq!(slug("~user/$HOME`rm -rf`"), "user-home-rm-rf");
        assert_eq!(slug("CON"), "con");
    }

    #[test]
    fn empty_and_symbol_only_names_fall_back() {
        assert_eq!(slug(""), "scenario");
        assert_eq!(slug("   "), "scenario");
        assert_eq!(slug("!!!---???"), "scenario");
    }

    #[test]
    fn names_in_other_scripts_stay_apart() {
        assert_eq!(slug("Война и мир 2"), "voyna-i-mir-2");
        assert_eq!(slug("Ειρήνη και πόλεμος"), "eirini-kai-polemos");
        assert_eq!(slug("Україна"), "ukrayina");
        // Scripts with no spelling here: a readable fallback and a hash of the
        // name, different for different names, the same every time.
        let names = [
            "战争与和平",
            "平和と戦争",
            "السلام والحرب",
            "戦争",
            "Perang 战争",
        ];
        let slugs: Vec<String> = names.iter().map(|n| slug(n)).collect();
        for (n, s) in names.iter().zip(&slugs) {
            assert!(well_formed(s), "{n} -> {s}");
            assert_eq!(&slug(n), s);
        }
        assert!(
            slugs[0].starts_with("scenario-") && slugs[0].len() == 17,
            "{}",
            slugs[0]
        );
        assert!(slugs[4].starts_with("perang-"), "{}", slugs[4]);
        let mut unique = slugs.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), slugs.len(), "{slugs:?}");
    }

    #[test]
    fn separators_collapse_and_trim() {
        assert_eq!(slug("  --a  ..  b--  "), "a-b");
        assert_eq!(slug("a - - - b"), "a-b");
    }

    #[test]
    fn long_names_are_cut_and_told_apart() {
        let long = "alliance ".repeat(30);
        let s = slug(&long);
        assert!(s.len() <= MAX_SLUG_LEN);
        assert!(s.starts_with("alliance-alliance"));
        assert!(well_formed(&s), "{s}");
        // Two long names that differ only past the cut get different directories.
        let a = slug(&format!("{} one", "a".repeat(MAX_SLUG_LEN)));
        let b = slug(&format!("{} two", "a".repeat(MAX_SLUG_LEN)));
        assert_ne!(a, b);
        assert!(a.len() <= MAX_SLUG_LEN && well_formed(&a), "{a}");
        // A name of exactly the longest length is kept whole.
        assert_eq!(slug(&"a".repeat(MAX_SLUG_LEN)), "a".repeat(MAX_SLUG_LEN));
        // Expansions (ß → ss) near the limit still respect it.
        assert!(slug(&"ß".repeat(100)).len() <= MAX_SLUG_LEN);
    }

    proptest! {
        #[test]
        fn always_well_formed(name in any::<String>()) {
            let s = slug(&name);
            prop_assert!(well_formed(&s), "{:?} -> {:?}", name, s);
            prop_assert!(s.len() <= MAX_SLUG_LEN);
        }

        #[test]
        fn well_formed_from_path_like_names(name in "[./\\\\a-zA-Zéß _-]{0,100}") {
            let s = slug(&name);
            prop_assert!(well_formed(&s), "{:?} -> {:?}", name, s);
            prop_assert_eq!(slug(&s), s.clone());
        }
    }
}
